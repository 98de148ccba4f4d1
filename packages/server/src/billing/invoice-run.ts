import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { BillingConfig } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';
import { euCountries, vatIdCountry } from './billing-details.validation.js';
import type { BilledTo } from './invoice.entity.js';
import type { SendMail } from './invoice-mail.js';
import { deliverPendingInvoices, type BillingDeps } from './invoice-delivery.js';
import {
  billMonth,
  compareMonths,
  formatBillingMonth,
  invoiceTotals,
  monthOf,
  monthStart,
  nextMonth,
  previousMonth,
  type BillingMonth,
  type InvoiceLine,
  type InvoiceTotals,
  type PlanPrice,
  type PlanSince,
} from './proration.js';

export type { BillingDeps };

export interface InvoiceDraft {
  accountId: string;
  month: BillingMonth;
  lines: InvoiceLine[];
  totals: InvoiceTotals;
  reverseCharge: boolean;
  billedTo: BilledTo;
}

interface SubscriptionRow {
  account_name: string;
  trial_ends_at: Date;
  company_name: string | null;
  address_line1: string | null;
  address_line2: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  vat_id: string | null;
}

/** Reverse charge for a business with a VAT ID of another EU state; German VAT otherwise. The seller is in Germany. */
export function isReverseCharge(vatId: string | null): boolean {
  if (!vatId) return false;
  const country = vatIdCountry(vatId);
  return country !== 'DE' && euCountries.has(country);
}

export async function priceList(em: EntityManager): Promise<Map<string, PlanPrice>> {
  const rows = await em.execute<{ code: string; name: string; price_cents: number }[]>('select code, name, price_cents from plan');
  return new Map(rows.map((row) => [row.code, { code: row.code, name: row.name, priceCents: row.price_cents }]));
}

export async function planHistory(em: EntityManager, accountId: string, before: Date): Promise<PlanSince[]> {
  const rows = await em.execute<{ to_plan_code: string; changed_at: Date }[]>(
    'select to_plan_code, changed_at from plan_change where account_id = ? and changed_at < ? order by changed_at, id',
    [accountId, before],
  );
  return rows.map((row) => ({ planCode: row.to_plan_code, at: new Date(row.changed_at) }));
}

/** What an account's invoice for `month` would say, from the package history; `extraHistory` lets a preview add a change not yet made. */
export async function draftInvoice(
  em: EntityManager,
  billing: BillingConfig,
  accountId: string,
  month: BillingMonth,
  extraHistory: PlanSince[] = [],
): Promise<InvoiceDraft | null> {
  const [sub] = await em.execute<SubscriptionRow[]>(
    `select a.name as account_name, s.trial_ends_at, s.company_name, s.address_line1, s.address_line2, s.postal_code, s.city, s.country, s.vat_id
     from account a join subscription s on s.account_id = a.id where a.id = ?`,
    [accountId],
  );
  if (!sub) return null;
  const history = [...(await planHistory(em, accountId, monthStart(nextMonth(month)))), ...extraHistory];
  const lines = billMonth(month, history, new Date(sub.trial_ends_at), await priceList(em));
  if (lines.length === 0) return null;
  const reverseCharge = isReverseCharge(sub.vat_id);
  return {
    accountId,
    month,
    lines,
    totals: invoiceTotals(lines, reverseCharge ? 0 : billing.vatRateBasisPoints),
    reverseCharge,
    billedTo: {
      accountName: sub.account_name,
      companyName: sub.company_name,
      addressLines: [sub.address_line1, sub.address_line2].filter((line): line is string => !!line),
      postalCode: sub.postal_code,
      city: sub.city,
      country: sub.country,
      vatId: sub.vat_id,
    },
  };
}

export interface IssuedInvoice {
  id: string;
  number: string;
  accountId: string;
}

/**
 * Issues one account's invoice for a finished month, or returns null when it
 * exists already or there is nothing to charge (a month wholly in the trial).
 * The year's counter row is locked before the existence check, so concurrent
 * issuers queue there: numbers have no gaps and no account is billed twice
 * (the unique (account_id, period) constraint backs this up).
 */
export async function issueInvoice(orm: Orm, billing: BillingConfig, accountId: string, month: BillingMonth, now: Date): Promise<IssuedInvoice | null> {
  assertMonthIsOver(month, now);
  return orm.em.fork().transactional(async (em) => {
    const draft = await draftInvoice(em, billing, accountId, month);
    if (!draft || draft.totals.grossCents === 0) return null;
    const year = now.getUTCFullYear();
    await em.execute('insert into invoice_counter (year, last_number) values (?, 0) on conflict (year) do nothing', [year]);
    const [counter] = await em.execute<{ last_number: number }[]>('select last_number from invoice_counter where year = ? for update', [year]);
    const [existing] = await em.execute('select 1 from invoice where account_id = ? and period = ?', [accountId, formatBillingMonth(month) + '-01']);
    if (existing) return null;
    const sequence = counter!.last_number + 1;
    await em.execute('update invoice_counter set last_number = ? where year = ?', [sequence, year]);
    const id = randomUUID();
    const number = `${year}-${String(sequence).padStart(6, '0')}`;
    const dueDate = new Date(now.getTime() + billing.paymentTermDays * 24 * 60 * 60 * 1000);
    await em.execute(
      `insert into invoice (id, number, account_id, period, billed_to, lines, net_cents, vat_rate_basis_points, vat_cents, gross_cents,
                            currency, reverse_charge, issued_at, due_date)
       values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, 'EUR', ?, ?, ?)`,
      [
        id,
        number,
        accountId,
        formatBillingMonth(month) + '-01',
        JSON.stringify(draft.billedTo),
        JSON.stringify(draft.lines),
        draft.totals.netCents,
        draft.totals.vatRateBasisPoints,
        draft.totals.vatCents,
        draft.totals.grossCents,
        draft.reverseCharge,
        now,
        dueDate.toISOString().slice(0, 10),
      ],
    );
    return { id, number, accountId };
  });
}

function assertMonthIsOver(month: BillingMonth, now: Date): void {
  if (now < monthStart(nextMonth(month))) {
    throw new Error(`${formatBillingMonth(month)} is not over yet: invoices are issued in arrears, from ${formatBillingMonth(nextMonth(month))}-01 on`);
  }
}

/** What one run's issuing came to: accounts invoiced, and accounts whose invoice failed (retried by the next run). */
export interface RunCounts {
  issued: number;
  failed: number;
}
const runListeners = new Set<(counts: RunCounts) => void>();

/** Calls `listener` after each run of this process has issued a month (metrics/metrics.ts counts them); returns the unsubscribe. */
export function onInvoiceRun(listener: (counts: RunCounts) => void): () => void {
  runListeners.add(listener);
  return () => runListeners.delete(listener);
}

export interface RunResult {
  month: string;
  /** False when another process held the run lock and `wait` was not asked for. */
  ran: boolean;
  issued: IssuedInvoice[];
}

const runLock = `hashtext('kontor:billing-run')`;

/**
 * Runs `work` holding the billing run's session-level advisory lock, so no
 * two runs overlap in any process. `wait`: queue for the lock (the command)
 * rather than give up at once (the schedule, which comes back later).
 */
async function withRunLock<T>(orm: Orm, wait: boolean, work: () => Promise<T>): Promise<T | undefined> {
  const knex = orm.em.getConnection().getKnex();
  // A session-level lock lives on one connection: take it from the pool by hand.
  const client = await knex.client.acquireConnection();
  try {
    if (wait) {
      await client.query(`select pg_advisory_lock(${runLock})`);
    } else {
      const result = await client.query(`select pg_try_advisory_lock(${runLock}) as locked`);
      if (!result.rows[0].locked) return undefined;
    }
    try {
      return await work();
    } finally {
      await client.query(`select pg_advisory_unlock(${runLock})`);
    }
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/** Issues every account's invoice for `month` (a finished month) and sends what is pending. Safe to repeat. */
export async function runBillingMonth(deps: BillingDeps, month: BillingMonth, options: { now?: Date; wait?: boolean } = {}): Promise<RunResult> {
  const now = options.now ?? new Date();
  assertMonthIsOver(month, now);
  const outcome = await withRunLock(deps.orm, options.wait ?? true, async () => {
    const issued = await issueMonth(deps, month, now);
    await deliverPendingInvoices(deps, now);
    return issued;
  });
  return { month: formatBillingMonth(month), ran: outcome !== undefined, issued: outcome ?? [] };
}

async function issueMonth(deps: BillingDeps, month: BillingMonth, now: Date): Promise<IssuedInvoice[]> {
  const em = deps.orm.em.fork();
  // A deleted account keeps only an anonymised row (team/account-deletion): nothing left to bill.
  const accounts = await em.execute<{ id: string }[]>('select id from account where created_at < ? and deleted_at is null order by created_at, id', [
    monthStart(nextMonth(month)),
  ]);
  const issued: IssuedInvoice[] = [];
  let failed = 0;
  for (const { id } of accounts) {
    try {
      const invoice = await issueInvoice(deps.orm, deps.billing, id, month, now);
      if (invoice) issued.push(invoice);
    } catch (error) {
      // One account's failure must not keep the others from being billed; the month stays open, so the next run retries it.
      failed++;
      deps.logger.error('could not issue an invoice', { accountId: id, month: formatBillingMonth(month), error });
    }
  }
  if (failed === 0) await em.execute('insert into billing_run (period, completed_at) values (?, ?) on conflict (period) do nothing', [
    formatBillingMonth(month) + '-01',
    now,
  ]);
  if (issued.length > 0) deps.logger.info('invoices issued', { month: formatBillingMonth(month), count: issued.length });
  for (const listener of runListeners) listener({ issued: issued.length, failed });
  return issued;
}

/**
 * The schedule's run: every finished month after the last completed run (or
 * since the oldest account) up to last month. Gives way when another process runs.
 */
export async function catchUpBilling(deps: BillingDeps, now = new Date()): Promise<RunResult[]> {
  const results = await withRunLock(deps.orm, false, async () => {
    const months = await monthsToRun(deps.orm.em.fork(), now);
    const done: RunResult[] = [];
    for (const month of months) done.push({ month: formatBillingMonth(month), ran: true, issued: await issueMonth(deps, month, now) });
    await deliverPendingInvoices(deps, now);
    return done;
  });
  return results ?? [];
}

/** Every finished month since the oldest account's first that has no completed run, oldest first. */
async function monthsToRun(em: EntityManager, now: Date): Promise<BillingMonth[]> {
  const [first] = await em.execute<{ created_at: Date | null }[]>('select min(created_at) as created_at from account');
  if (!first?.created_at) return [];
  const done = new Set((await em.execute<{ month: string }[]>(`select to_char(period, 'YYYY-MM') as month from billing_run`)).map((row) => row.month));
  const lastDue = previousMonth(monthOf(now));
  const months: BillingMonth[] = [];
  for (let month = monthOf(new Date(first.created_at)); compareMonths(month, lastDue) <= 0; month = nextMonth(month)) {
    if (!done.has(formatBillingMonth(month))) months.push(month);
  }
  return months;
}

export interface ScheduleOptions {
  /** How often to check for a due month (default: hourly; a month is due once a day at most, so the check is cheap). */
  intervalMs?: number;
  /** Delay of the first check after start (default 5 s, so a starting server serves first). 0: check at once. */
  firstDelayMs?: number;
  clock?: () => Date;
}

/** Runs `catchUpBilling` soon after start and then every `intervalMs`. Returns a stop function that waits for a check in progress. */
export function startBillingSchedule(deps: BillingDeps, options: ScheduleOptions = {}): () => Promise<void> {
  const { intervalMs = 60 * 60 * 1000, firstDelayMs = 5_000, clock = () => new Date() } = options;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(() => catchUpBilling(deps, clock())).catch((error: unknown) => deps.logger.error('billing schedule failed', { error }));
  };
  const first = firstDelayMs === 0 ? undefined : setTimeout(tick, firstDelayMs);
  if (firstDelayMs === 0) tick();
  const timer = setInterval(tick, intervalMs);
  first?.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
