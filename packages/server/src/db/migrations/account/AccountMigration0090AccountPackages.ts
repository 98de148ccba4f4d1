import { AccountMigration } from './account-migration.js';

/**
 * The whole account as one package (accountpackage/): one row per package
 * job with its progress, where its ZIP lies in the file storage once ready,
 * and until when it may be downloaded; and the download links that were used
 * (each link works once: its token's ID is written here when it is opened).
 */
export class AccountMigration0090AccountPackages extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`create table ${s}.account_package (
      id uuid primary key,
      status text not null check (status in ('QUEUED', 'RUNNING', 'READY', 'FAILED')),
      records_total integer not null default 0,
      records_done integer not null default 0,
      storage_key text,
      byte_size bigint,
      error text,
      created_by uuid not null,
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      expires_at timestamptz
    )`);
    this.addSql(`create index account_package_created_idx on ${s}.account_package (created_at desc, id)`);
    this.addSql(`create table ${s}.account_package_download (
      token_id uuid primary key,
      package_id uuid not null references ${s}.account_package (id) on delete cascade,
      user_id uuid not null,
      used_at timestamptz not null default now()
    )`);
  }
}
