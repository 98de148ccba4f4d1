import type { EntityManager } from '@mikro-orm/postgresql';
import { Plan } from '../accounts/plan.entity.js';
import type { BillingConfig } from '../config/config.js';
import { trialDaysLeft, type PlanChangePreview as Preview, type SubscriptionState } from './billing.service.js';
import type { AccountSubscription, InvoiceEstimate, InvoiceView, PlanChangePreview, PlanLimit } from './billing.types.js';
import type { InvoiceRecord } from './invoice-records.js';
import { draftInvoice, type InvoiceDraft } from './invoice-run.js';
import { formatBillingMonth, monthOf } from './proration.js';

/** Service results -> the GraphQL types of billing.types.ts. */

export function toEstimate(draft: InvoiceDraft | null): InvoiceEstimate | null {
  if (!draft) return null;
  return {
    period: formatBillingMonth(draft.month),
    lines: draft.lines,
    netCents: draft.totals.netCents,
    vatRatePercent: draft.totals.vatRateBasisPoints / 100,
    vatCents: draft.totals.vatCents,
    grossCents: draft.totals.grossCents,
    reverseCharge: draft.reverseCharge,
  };
}

export async function toSubscriptionView(state: SubscriptionState, em: EntityManager, billing: BillingConfig): Promise<AccountSubscription> {
  const { subscription: s, now } = state;
  const plans = new Map((await em.find(Plan, {})).map((plan) => [plan.code, plan]));
  return {
    plan: state.plan,
    trialEndsAt: s.trialEndsAt,
    inTrial: s.trialEndsAt > now,
    trialDaysLeft: trialDaysLeft(s.trialEndsAt, now),
    usage: state.usage,
    billingDetails: {
      companyName: s.companyName ?? null,
      addressLine1: s.addressLine1 ?? null,
      addressLine2: s.addressLine2 ?? null,
      postalCode: s.postalCode ?? null,
      city: s.city ?? null,
      country: s.country ?? null,
      vatId: s.vatId ?? null,
      invoiceEmail: s.invoiceEmail ?? null,
      sepaMandate:
        s.ibanLast4 && s.sepaMandateReference && s.sepaMandateSignedAt
          ? { ibanLast4: s.ibanLast4, accountHolder: s.sepaAccountHolder ?? '', mandateReference: s.sepaMandateReference, signedAt: s.sepaMandateSignedAt }
          : null,
    },
    currentMonthEstimate: toEstimate(await draftInvoice(em, billing, s.accountId, monthOf(now))),
    planChanges: state.planChanges.map((change) => ({
      id: change.id,
      fromPlan: change.fromPlanCode ? (plans.get(change.fromPlanCode) ?? null) : null,
      toPlan: plans.get(change.toPlanCode)!,
      changedAt: change.changedAt,
      changedByUserId: change.changedByUserId ?? null,
    })),
  };
}

export function toPlanChangePreview(preview: Preview): PlanChangePreview {
  const withoutChange = toEstimate(preview.withoutChange);
  const withChange = toEstimate(preview.withChange);
  return {
    currentPlan: preview.currentPlan,
    newPlan: preview.newPlan,
    effectiveAt: preview.effectiveAt,
    allowed: preview.exceeded.length === 0 && preview.currentPlan.code !== preview.newPlan.code,
    limitsExceeded: preview.exceeded.map((exceeded) => ({ ...exceeded, limit: exceeded.limit as PlanLimit })),
    nextInvoiceWithoutChange: withoutChange,
    nextInvoiceWithChange: withChange,
    grossDifferenceCents: (withChange?.grossCents ?? 0) - (withoutChange?.grossCents ?? 0),
  };
}

/** `pdfUrl` is resolved per request (it is signed for the caller). */
export function toInvoiceView(invoice: InvoiceRecord): InvoiceView {
  return {
    id: invoice.id,
    number: invoice.number,
    period: invoice.period,
    issuedAt: invoice.issuedAt,
    dueDate: invoice.dueDate,
    billedTo: invoice.billedTo,
    lines: invoice.lines,
    netCents: invoice.netCents,
    vatRatePercent: invoice.vatRateBasisPoints / 100,
    vatCents: invoice.vatCents,
    grossCents: invoice.grossCents,
    currency: invoice.currency,
    reverseCharge: invoice.reverseCharge,
  } as InvoiceView;
}
