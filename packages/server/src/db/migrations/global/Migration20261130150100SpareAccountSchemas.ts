import { Migration } from '@mikro-orm/migrations';

/**
 * Account schemas made ahead of time (db/spare-account-schemas.ts), each with
 * its role and every table at `version`, waiting to be renamed into a new
 * account's schema: creating an account then takes a rename instead of the
 * DDL of every table and index.
 */
export class Migration20261130150100SpareAccountSchemas extends Migration {
  override up(): void {
    this.addSql(`create table spare_account_schema (
      schema_name text primary key check (schema_name ~ '^acct_[0-9a-f]{32}$'),
      version integer not null check (version >= 0),
      created_at timestamptz not null default now()
    )`);
  }
}
