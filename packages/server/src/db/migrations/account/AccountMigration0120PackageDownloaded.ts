import { AccountMigration } from './account-migration.js';

/**
 * Account packages, continued (accountpackage/):
 * - a package's ZIP leaves the storage after its one complete download (or
 *   when it expires: package-bytes.ts); the row keeps when it was downloaded;
 * - a package brought in runs as a job (package-import-job.ts): one row per
 *   upload, with where the uploaded ZIP lies until the job is done, its
 *   progress, and its report or the reason it failed.
 */
export class AccountMigration0120PackageDownloaded extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`alter table ${s}.account_package add column downloaded_at timestamptz`);
    this.addSql(`create table ${s}.account_package_import (
      id uuid primary key,
      status text not null check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
      storage_key text,
      byte_size bigint not null,
      records_total integer not null default 0,
      records_done integer not null default 0,
      report jsonb,
      error jsonb,
      created_by uuid not null,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`);
  }
}
