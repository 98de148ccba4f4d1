import { AccountMigration } from './account-migration.js';

/**
 * Imports (src/imports/): one row per import with its settings and progress,
 * the uploaded file in chunks (so any process can work the job and a restart
 * loses nothing), the rows that failed with their reason, and what each
 * import created or updated (for undo: the values before, and the record's
 * `updated_at` right after the import, to tell a later change apart).
 */
export class AccountMigration0030Imports extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`create table ${s}.import_run (
      id uuid primary key,
      kind text not null check (kind in ('PEOPLE', 'COMPANIES')),
      format text not null,
      file_name text not null,
      byte_size bigint not null default 0,
      encoding text,
      delimiter text,
      headers jsonb not null default '[]',
      rows_total integer not null default 0,
      mapping jsonb,
      duplicates text,
      status text not null,
      rows_done integer not null default 0,
      rows_failed integer not null default 0,
      rows_created integer not null default 0,
      rows_updated integer not null default 0,
      rows_skipped integer not null default 0,
      stop_reason text,
      created_by uuid not null,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      undone_at timestamptz
    )`);
    this.addSql(`create index import_run_created_idx on ${s}.import_run (created_at desc, id)`);
    this.addSql(`create table ${s}.import_chunk (
      import_id uuid not null references ${s}.import_run (id) on delete cascade,
      seq integer not null,
      data bytea not null,
      primary key (import_id, seq)
    )`);
    this.addSql(`create table ${s}.import_failure (
      import_id uuid not null references ${s}.import_run (id) on delete cascade,
      row_number integer not null,
      reason text not null,
      data jsonb not null,
      primary key (import_id, row_number)
    )`);
    this.addSql(`create table ${s}.import_change (
      import_id uuid not null references ${s}.import_run (id) on delete cascade,
      record_type text not null check (record_type in ('PERSON', 'COMPANY', 'TAG')),
      record_id uuid not null,
      action text not null check (action in ('CREATED', 'UPDATED')),
      before jsonb,
      changed_at timestamptz not null default now(),
      primary key (import_id, record_type, record_id)
    )`);
  }
}
