import type { EntityManager } from '@mikro-orm/postgresql';
import type { BilledTo } from './invoice.entity.js';
import type { InvoiceLine } from './proration.js';

/** An issued invoice as the API, the PDF and the mail see it. */
export interface InvoiceRecord {
  id: string;
  number: string;
  accountId: string;
  /** YYYY-MM */
  period: string;
  billedTo: BilledTo;
  lines: InvoiceLine[];
  netCents: number;
  vatRateBasisPoints: number;
  vatCents: number;
  grossCents: number;
  currency: string;
  reverseCharge: boolean;
  issuedAt: Date;
  /** YYYY-MM-DD */
  dueDate: string;
}

interface InvoiceRow {
  id: string;
  number: string;
  account_id: string;
  period: string;
  billed_to: BilledTo;
  lines: InvoiceLine[];
  net_cents: number;
  vat_rate_basis_points: number;
  vat_cents: number;
  gross_cents: number;
  currency: string;
  reverse_charge: boolean;
  issued_at: Date | string;
  due_date: string;
}

const columns = `id, number, account_id, to_char(period, 'YYYY-MM') as period, billed_to, lines, net_cents, vat_rate_basis_points,
  vat_cents, gross_cents, currency, reverse_charge, issued_at, to_char(due_date, 'YYYY-MM-DD') as due_date`;

const toRecord = (row: InvoiceRow): InvoiceRecord => ({
  id: row.id,
  number: row.number,
  accountId: row.account_id,
  period: row.period,
  billedTo: row.billed_to,
  lines: row.lines,
  netCents: row.net_cents,
  vatRateBasisPoints: row.vat_rate_basis_points,
  vatCents: row.vat_cents,
  grossCents: row.gross_cents,
  currency: row.currency,
  reverseCharge: row.reverse_charge,
  issuedAt: new Date(row.issued_at),
  dueDate: row.due_date,
});

/** An account's invoices, newest period first. */
export async function invoicesOfAccount(em: EntityManager, accountId: string): Promise<InvoiceRecord[]> {
  const rows = await em.execute<InvoiceRow[]>(`select ${columns} from invoice where account_id = ? order by period desc`, [accountId]);
  return rows.map(toRecord);
}

/** One invoice of one account; null for an unknown ID or another account's invoice alike. */
export async function invoiceOfAccount(em: EntityManager, accountId: string, invoiceId: string): Promise<InvoiceRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(invoiceId)) return null;
  const [row] = await em.execute<InvoiceRow[]>(`select ${columns} from invoice where id = ? and account_id = ?`, [invoiceId, accountId]);
  return row ? toRecord(row) : null;
}

export async function invoiceById(em: EntityManager, invoiceId: string): Promise<InvoiceRecord | null> {
  const [row] = await em.execute<InvoiceRow[]>(`select ${columns} from invoice where id = ?`, [invoiceId]);
  return row ? toRecord(row) : null;
}

/** 1234 -> "12.34" */
export const formatCents = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** 1900 -> "19", 770 -> "7.7" */
export const formatRate = (basisPoints: number): string => String(basisPoints / 100);
