import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Plan } from '../accounts/plan.entity.js';

export enum PlanLimit {
  ACTIVE_USERS = 'ACTIVE_USERS',
  CONTACTS = 'CONTACTS',
  STORAGE = 'STORAGE',
}
registerEnumType(PlanLimit, {
  name: 'PlanLimit',
  description: 'A limit a package sets on an account.',
  valuesConfig: {
    ACTIVE_USERS: { description: 'Active members (deactivated ones do not count).' },
    CONTACTS: { description: 'People, plus companies without people.' },
    STORAGE: { description: 'Bytes of stored data.' },
  },
});

@ObjectType('PlanUsage', { description: "What the account uses of its package's limits." })
export class PlanUsageView {
  @Field(() => Int)
  activeUsers!: number;

  @Field(() => Int, { description: 'People, plus companies that have no people.' })
  contacts!: number;

  @Field(() => Float, { description: 'Bytes of the account’s stored data.' })
  storageBytes!: number;
}

@ObjectType('PlanLimitExceeded', { description: 'A limit of a package that the account currently uses more of than the package allows.' })
export class PlanLimitExceededView {
  @Field(() => PlanLimit)
  limit!: PlanLimit;

  @Field(() => Float, { description: 'Current usage.' })
  usage!: number;

  @Field(() => Float, { description: 'What the package allows.' })
  allowed!: number;
}

@ObjectType('SepaMandate', { description: 'The SEPA direct debit mandate on file. The IBAN is never shown again in full.' })
export class SepaMandateView {
  @Field({ description: 'The last four characters of the IBAN.' })
  ibanLast4!: string;

  @Field()
  accountHolder!: string;

  @Field({ description: 'Mandate reference, as it appears on bank statements.' })
  mandateReference!: string;

  @Field({ description: 'When the mandate was given (the IBAN entered).' })
  signedAt!: Date;
}

@ObjectType('BillingDetails', { description: 'Where and to whom invoices go. Fields are null until the billing details form has been saved.' })
export class BillingDetailsView {
  @Field(() => String, { nullable: true })
  companyName!: string | null;

  @Field(() => String, { nullable: true })
  addressLine1!: string | null;

  @Field(() => String, { nullable: true })
  addressLine2!: string | null;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code, e.g. DE.' })
  country!: string | null;

  @Field(() => String, { nullable: true, description: 'EU VAT ID, normalised (e.g. ATU12345678). One from another EU state than Germany means reverse charge.' })
  vatId!: string | null;

  @Field(() => String, { nullable: true, description: 'Where invoices are e-mailed; the owner’s address when null.' })
  invoiceEmail!: string | null;

  @Field(() => SepaMandateView, { nullable: true, description: 'Null when no IBAN has been given.' })
  sepaMandate!: SepaMandateView | null;
}

@ObjectType('PlanChange', { description: 'One package change of the account. The first entry is the account’s creation (no fromPlan).' })
export class PlanChangeView {
  @Field(() => ID)
  id!: string;

  @Field(() => Plan, { nullable: true })
  fromPlan!: Plan | null;

  @Field(() => Plan)
  toPlan!: Plan;

  @Field()
  changedAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The user who made the change.' })
  changedByUserId!: string | null;
}

@ObjectType('InvoiceLine', { description: 'An invoice line: one package for a run of consecutive days of the month.' })
export class InvoiceLineView {
  @Field()
  planCode!: string;

  @Field()
  planName!: string;

  @Field({ description: 'First day, YYYY-MM-DD.' })
  from!: string;

  @Field({ description: 'Last day (included), YYYY-MM-DD.' })
  to!: string;

  @Field(() => Int)
  days!: number;

  @Field(() => Int)
  daysInMonth!: number;

  @Field(() => Int, { description: "The package's monthly price in euro cents, before VAT." })
  monthlyPriceCents!: number;

  @Field({ description: 'Trial days cost nothing.' })
  trial!: boolean;

  @Field(() => Int, { description: 'Euro cents: round_half_up(monthlyPriceCents × days / daysInMonth), or 0 in the trial.' })
  amountCents!: number;
}

@ObjectType({ description: 'What an invoice for a month says (or would say): its lines and totals in euro cents.' })
export class InvoiceEstimate {
  @Field({ description: 'Billed month, YYYY-MM.' })
  period!: string;

  @Field(() => [InvoiceLineView])
  lines!: InvoiceLineView[];

  @Field(() => Int)
  netCents!: number;

  @Field(() => Float, { description: 'VAT rate in percent (0 under reverse charge).' })
  vatRatePercent!: number;

  @Field(() => Int)
  vatCents!: number;

  @Field(() => Int)
  grossCents!: number;

  @Field({ description: 'True for a business with a VAT ID of another EU state: no German VAT, the recipient accounts for it.' })
  reverseCharge!: boolean;
}

@ObjectType({ description: "The account's subscription: package, trial, usage, billing details and package history. Owners and co-owners only." })
export class AccountSubscription {
  @Field(() => Plan)
  plan!: Plan;

  @Field({ description: 'The end of the free trial (30 days from the account’s creation).' })
  trialEndsAt!: Date;

  @Field()
  inTrial!: boolean;

  @Field(() => Int, { description: 'Days of trial left, counting today; 0 after it.' })
  trialDaysLeft!: number;

  @Field(() => PlanUsageView)
  usage!: PlanUsageView;

  @Field(() => BillingDetailsView)
  billingDetails!: BillingDetailsView;

  @Field(() => InvoiceEstimate, { nullable: true, description: "This month's charges so far and to the month's end on the current package; issued as an invoice next month. Null when nothing is billed." })
  currentMonthEstimate!: InvoiceEstimate | null;

  @Field(() => [PlanChangeView], { description: 'Every package change, newest first.' })
  planChanges!: PlanChangeView[];
}

@ObjectType({ description: 'What changing to another package now would do. Nothing is changed by asking.' })
export class PlanChangePreview {
  @Field(() => Plan)
  currentPlan!: Plan;

  @Field(() => Plan)
  newPlan!: Plan;

  @Field({ description: 'A change takes effect at once: this moment.' })
  effectiveAt!: Date;

  @Field({ description: 'False when current usage exceeds the new package (see limitsExceeded); changePlan would be refused.' })
  allowed!: boolean;

  @Field(() => [PlanLimitExceededView])
  limitsExceeded!: PlanLimitExceededView[];

  @Field(() => InvoiceEstimate, { nullable: true, description: "This month's invoice without the change." })
  nextInvoiceWithoutChange!: InvoiceEstimate | null;

  @Field(() => InvoiceEstimate, { nullable: true, description: "This month's invoice with the change made now." })
  nextInvoiceWithChange!: InvoiceEstimate | null;

  @Field(() => Int, { description: 'What the change adds to the next invoice, VAT included, in euro cents: nextInvoiceWithChange.grossCents − nextInvoiceWithoutChange.grossCents (negative when it saves).' })
  grossDifferenceCents!: number;
}

@ObjectType('BilledTo', { description: 'The address block an invoice was issued to, as it was at issue time.' })
export class BilledToView {
  @Field()
  accountName!: string;

  @Field(() => String, { nullable: true })
  companyName!: string | null;

  @Field(() => [String])
  addressLines!: string[];

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  country!: string | null;

  @Field(() => String, { nullable: true })
  vatId!: string | null;
}

@ObjectType('Invoice', { description: 'An issued invoice. It never changes.' })
export class InvoiceView {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Gapless per year, e.g. 2026-000001.' })
  number!: string;

  @Field({ description: 'Billed month, YYYY-MM (invoices are issued in arrears).' })
  period!: string;

  @Field()
  issuedAt!: Date;

  @Field({ description: 'YYYY-MM-DD' })
  dueDate!: string;

  @Field(() => BilledToView)
  billedTo!: BilledToView;

  @Field(() => [InvoiceLineView])
  lines!: InvoiceLineView[];

  @Field(() => Int)
  netCents!: number;

  @Field(() => Float)
  vatRatePercent!: number;

  @Field(() => Int)
  vatCents!: number;

  @Field(() => Int)
  grossCents!: number;

  @Field({ description: 'Always EUR.' })
  currency!: string;

  @Field()
  reverseCharge!: boolean;

  @Field({
    description:
      'Download link of the PDF, signed for the caller and valid for 5 minutes (no Authorization header needed, so a plain link or window.open works). Query again for a fresh one.',
  })
  pdfUrl!: string;
}

@InputType({ description: 'The billing details form. Every field is checked; a refusal (BAD_USER_INPUT) names the field in extensions.field and changes nothing.' })
export class UpdateBillingDetailsInput {
  @Field()
  companyName!: string;

  @Field()
  addressLine1!: string;

  @Field(() => String, { nullable: true })
  addressLine2?: string | null;

  @Field()
  postalCode!: string;

  @Field()
  city!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 code, e.g. DE.' })
  country!: string;

  @Field(() => String, { nullable: true, description: 'EU VAT ID; its format is checked per member state. Empty or null: none.' })
  vatId?: string | null;

  @Field({ description: 'Where invoices are e-mailed (any address, e.g. the finance team).' })
  invoiceEmail!: string;

  @Field(() => String, {
    nullable: true,
    description: 'IBAN for SEPA direct debit, checked by its ISO 13616 check digits and length. Null or left out: the mandate on file stays.',
  })
  iban?: string | null;

  @Field(() => String, { nullable: true, description: 'Account holder of the IBAN; required with a new IBAN.' })
  accountHolder?: string | null;
}
