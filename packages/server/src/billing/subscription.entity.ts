import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An account's subscription: its trial and billing details. The package itself
 * is `account.plan_code`; `PlanChange` keeps since when. The IBAN is kept
 * encrypted (a debit run needs all of it) beside its last four characters,
 * which are all that is ever shown again.
 */
@Entity({ tableName: 'subscription' })
export class Subscription {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  accountId!: string;

  @Property({ type: 'datetime' })
  trialEndsAt!: Date;

  @Property({ type: 'text', nullable: true })
  companyName?: string | null;

  @Property({ type: 'text', nullable: true })
  addressLine1?: string | null;

  @Property({ type: 'text', nullable: true })
  addressLine2?: string | null;

  @Property({ type: 'text', nullable: true })
  postalCode?: string | null;

  @Property({ type: 'text', nullable: true })
  city?: string | null;

  @Property({ type: 'text', nullable: true })
  country?: string | null;

  @Property({ type: 'text', nullable: true })
  vatId?: string | null;

  @Property({ type: 'text', nullable: true })
  invoiceEmail?: string | null;

  @Property({ type: 'blob', nullable: true, lazy: true })
  ibanEncrypted?: Buffer | null;

  @Property({ type: 'text', nullable: true })
  ibanLast4?: string | null;

  @Property({ type: 'text', nullable: true })
  sepaAccountHolder?: string | null;

  @Property({ type: 'text', nullable: true })
  sepaMandateReference?: string | null;

  @Property({ type: 'datetime', nullable: true })
  sepaMandateSignedAt?: Date | null;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
