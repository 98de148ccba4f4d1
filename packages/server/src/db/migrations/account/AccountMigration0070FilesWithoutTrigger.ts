import { AccountMigration } from './account-migration.js';

/**
 * Deleted files' storage keys are queued by the services now, in the global
 * `file_deletion_queue` (files/file-deletion-queue.ts), no longer by the
 * `file_deleted` trigger: Citus refuses triggers on distributed tables, so
 * with it an account could not be placed on a worker. Keys still waiting in
 * the account's old queue move to the global one; the trigger, its function
 * and the old queue go.
 */
export class AccountMigration0070FilesWithoutTrigger extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`insert into public.file_deletion_queue (account_schema, storage_key, queued_at)
      select ${this.schemaNameLiteral}, storage_key, deleted_at from ${s}.file_deletion`);
    this.addSql(`drop trigger file_deleted on ${s}.file`);
    this.addSql(`drop function ${s}.file_deleted()`);
    this.addSql(`drop table ${s}.file_deletion`);
  }
}
