import { AccountMigration } from './account-migration.js';

/**
 * Webhooks and their delivery queue, inside the account's schema so that a
 * delivery is queued in the same transaction as the change it reports, and
 * the account stays self-contained. `locked_until` is the lease a worker
 * process takes while it sends, so two processes never send the same one.
 */
export class AccountMigration0010Webhooks extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`create table ${s}.webhook (
      id uuid primary key,
      url text not null check (length(url) between 1 and 2000),
      events text[] not null check (cardinality(events) > 0),
      description text,
      secret text not null,
      active boolean not null default true,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table ${s}.webhook_delivery (
      id uuid primary key,
      webhook_id uuid not null references ${s}.webhook (id) on delete cascade,
      event text not null,
      payload jsonb not null,
      status text not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      locked_until timestamptz,
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz
    )`);
    this.addSql(`create index webhook_delivery_due_idx on ${s}.webhook_delivery (next_attempt_at) where status = 'PENDING'`);
    this.addSql(`create index webhook_delivery_webhook_idx on ${s}.webhook_delivery (webhook_id, created_at desc)`);
  }
}
