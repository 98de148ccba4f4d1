import { Migration } from '@mikro-orm/migrations';

/** The account registry: every account's schema is created and migrated from it. */
export class Migration20261127000000Foundation extends Migration {
  override up(): void {
    this.addSql(`
      create table account (
        id uuid primary key,
        name text not null,
        slug text not null,
        schema_name text not null,
        created_at timestamptz not null default now(),
        constraint account_slug_unique unique (slug),
        constraint account_schema_name_unique unique (schema_name),
        constraint account_schema_name_format check (schema_name ~ '^acct_[0-9a-f]{32}$')
      )`);
  }
}
