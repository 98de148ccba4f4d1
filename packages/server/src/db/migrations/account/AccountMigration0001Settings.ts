import { AccountMigration } from './account-migration.js';

/** Per-account settings: the first table of every account schema. */
export class AccountMigration0001Settings extends AccountMigration {
  override up(): void {
    this.addSql(`create table ${this.schema}.account_setting (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    )`);
  }
}
