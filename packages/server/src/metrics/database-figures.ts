import { latestAccountSchemaVersion } from '../db/account-schema.js';
import type { Orm } from '../db/orm.js';
import { maxInvoiceDeliveryAttempts } from '../billing/invoice-delivery.js';

/** What /metrics reads from the database at each scrape: a few counts over the global schema, no account schema touched. */
export interface DatabaseFigures {
  /** Accounts whose schema is behind the code's version (migrated in the background or on first access). */
  accountMigrationsPending: number;
  /** Issued invoices by delivery state: sent, awaiting (still being tried) and failed (given up). */
  invoices: { sent: number; awaiting: number; failed: number };
  /** When the last monthly invoice run completed (seconds since the epoch), 0 before the first. */
  lastInvoiceRunSeconds: number;
  /** Accounts with webhook deliveries waiting for a retry or an expired lease (`webhook_work`): due now, or later. */
  webhookAccountsWaiting: { due: number; scheduled: number };
}

export async function readDatabaseFigures(orm: Orm): Promise<DatabaseFigures> {
  const em = orm.em.fork();
  const [pending] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from account where deleted_at is null and coalesce(schema_version, 0) < ?`,
    [latestAccountSchemaVersion],
  );
  const [invoices] = await em.execute<{ sent: number; awaiting: number; failed: number }[]>(
    `select count(*) filter (where d.sent_at is not null)::int as sent,
            count(*) filter (where d.sent_at is null and coalesce(d.attempts, 0) < ?)::int as awaiting,
            count(*) filter (where d.sent_at is null and d.attempts >= ?)::int as failed
     from invoice i left join invoice_delivery d on d.invoice_id = i.id`,
    [maxInvoiceDeliveryAttempts, maxInvoiceDeliveryAttempts],
  );
  const [run] = await em.execute<{ at: number | null }[]>(`select extract(epoch from max(completed_at))::float8 as at from billing_run`);
  const [webhooks] = await em.execute<{ due: number; scheduled: number }[]>(
    `select count(*) filter (where due_at <= now())::int as due, count(*) filter (where due_at > now())::int as scheduled from webhook_work`,
  );
  return {
    accountMigrationsPending: pending?.n ?? 0,
    invoices: invoices ?? { sent: 0, awaiting: 0, failed: 0 },
    lastInvoiceRunSeconds: run?.at ?? 0,
    webhookAccountsWaiting: webhooks ?? { due: 0, scheduled: 0 },
  };
}
