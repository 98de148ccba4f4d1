import { AccountMigration } from './account-migration.js';

/**
 * One counter per account of the changes that may add contacts: every such
 * change bumps it under the contact lock (accounts/usage.ts `lockContacts`).
 * An import that finds it moved by exactly its own batches since the last one
 * knows nobody else added contacts meanwhile, so it need not count them all
 * again (imports/import-contacts.ts).
 */
export class AccountMigration0130ContactChanges extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`create table ${s}.contact_change (id boolean primary key default true check (id), changes bigint not null default 0)`);
    this.addSql(`insert into ${s}.contact_change default values`);
  }
}
