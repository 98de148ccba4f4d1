import { Migration } from '@mikro-orm/migrations';

/**
 * The storage keys whose bytes the clean-up is to remove (files/file-sweep.ts),
 * for every account in one global queue: written by the services in the
 * transaction that deletes a file, a record with files, or a whole account.
 * It replaces the per-account queue that a trigger on `file` filled (Citus
 * refuses triggers on distributed tables), and lets the clean-up find work
 * without visiting every account schema.
 *
 * The services write it under the account's own role: that role may insert
 * here and nothing more (not read, not change), and row-level security lets
 * it name only its own schema; the table's owner, which sweeps, is not bound.
 */
export class Migration20261130180000FileDeletionQueue extends Migration {
  override up(): void {
    this.addSql(`create table file_deletion_queue (
      id uuid primary key default gen_random_uuid(),
      account_schema text not null check (account_schema ~ '^acct_[0-9a-f]{32}$'),
      storage_key text not null,
      queued_at timestamptz not null default now()
    )`);
    this.addSql(`create index file_deletion_queue_queued_idx on file_deletion_queue (queued_at)`);
    this.addSql(`alter table file_deletion_queue enable row level security`);
    this.addSql(`create policy file_deletion_queue_own_account on file_deletion_queue for insert to public with check (account_schema = current_user)`);
    this.addSql(`grant insert on file_deletion_queue to public`);
  }
}
