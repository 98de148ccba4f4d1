import { AccountMigration } from './account-migration.js';

/**
 * Files attached to a person, company, deal or note (files/). The bytes live
 * in the file storage (a folder or an S3 bucket) under `storage_key`; this
 * table holds what the app shows and counts. A file goes with its record
 * (`on delete cascade`, also through a note that goes with its record), and
 * every deleted row leaves its storage key in `file_deletion`, from which the
 * clean-up removes the bytes (files/file-sweep.ts): the trigger sees cascaded
 * deletes too, so no path that deletes a record can forget its files.
 */
export class AccountMigration0020Files extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`create table ${s}.file (
      id uuid primary key,
      name text not null check (length(name) between 1 and 255),
      size bigint not null check (size >= 0),
      content_type text not null,
      storage_key text not null unique,
      person_id uuid references ${s}.person (id) on delete cascade,
      company_id uuid references ${s}.company (id) on delete cascade,
      deal_id uuid references ${s}.deal (id) on delete cascade,
      note_id uuid references ${s}.note (id) on delete cascade,
      uploaded_by uuid,
      created_at timestamptz not null default now(),
      constraint file_one_record check (num_nonnulls(person_id, company_id, deal_id, note_id) = 1)
    )`);
    for (const record of ['person', 'company', 'deal', 'note']) {
      this.addSql(`create index file_${record}_idx on ${s}.file (${record}_id, created_at, id) where ${record}_id is not null`);
    }
    this.addSql(`create table ${s}.file_deletion (
      storage_key text primary key,
      deleted_at timestamptz not null default now()
    )`);
    this.addSql(`create function ${s}.file_deleted() returns trigger language plpgsql as $$
      begin
        insert into ${s}.file_deletion (storage_key) values (old.storage_key) on conflict do nothing;
        return old;
      end $$`);
    this.addSql(`create trigger file_deleted after delete on ${s}.file for each row execute function ${s}.file_deleted()`);
  }
}
