import { AccountMigration } from './account-migration.js';

/**
 * The account's audit trail (src/audit/): who did what, when, from which
 * address. Append-only for the account: its database role may add and read
 * rows, never change or delete them (no trigger: Kontor runs on Citus), so
 * not even a bug in a request can rewrite history. Only the clean-up, as the
 * schema's owner, removes rows past the retention period.
 */
export class AccountMigration0060AuditTrail extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`create table ${s}.audit_event (
      id uuid primary key,
      occurred_at timestamptz not null default now(),
      action text not null,
      actor_user_id uuid,
      actor_api_key_id uuid,
      client_address text,
      target_type text,
      target_id text,
      target_label text,
      changes jsonb not null default '{}'
    )`);
    this.addSql(`create index audit_event_occurred_idx on ${s}.audit_event (occurred_at desc, id desc)`);
    this.addSql(`create index audit_event_action_idx on ${s}.audit_event (action, occurred_at desc)`);
    // The account's role has the same name as its schema; the default privileges gave it UPDATE and DELETE.
    this.addSql(`revoke update, delete, truncate on ${s}.audit_event from ${s}`);
  }
}
