import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { InvoiceLine } from './proration.js';

/** Who an invoice was addressed to, copied at issue time so that later edits of the billing details leave it as it was. */
export interface BilledTo {
  accountName: string;
  companyName: string | null;
  addressLines: string[];
  postalCode: string | null;
  city: string | null;
  country: string | null;
  vatId: string | null;
}

/**
 * An issued invoice. Read-only here: invoices are written once by the
 * invoice run (`invoice-run.ts`), and a database trigger refuses every
 * UPDATE and DELETE.
 */
@Entity({ tableName: 'invoice', readonly: true })
export class Invoice {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  number!: string;

  @Property({ type: 'uuid' })
  accountId!: string;

  /** First day of the billed month. */
  @Property({ type: 'date' })
  period!: string;

  @Property({ type: 'json' })
  billedTo!: BilledTo;

  @Property({ type: 'json' })
  lines!: InvoiceLine[];

  @Property({ type: 'integer' })
  netCents!: number;

  @Property({ type: 'integer' })
  vatRateBasisPoints!: number;

  @Property({ type: 'integer' })
  vatCents!: number;

  @Property({ type: 'integer' })
  grossCents!: number;

  @Property({ type: 'text' })
  currency!: string;

  @Property({ type: 'boolean' })
  reverseCharge!: boolean;

  @Property({ type: 'datetime' })
  issuedAt!: Date;

  @Property({ type: 'date' })
  dueDate!: string;
}
