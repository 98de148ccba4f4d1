import { AccountMigration } from './account-migration.js';

/**
 * People's e-mail addresses, without case, in a GIN index: an import asks
 * for the people who have any of a batch's addresses (`&&`), which without
 * it read every person of the account for every batch of 500 rows, so a
 * large import slowed down with each batch it wrote.
 */
export class AccountMigration0075EmailIndexes extends AccountMigration {
  override up(): void {
    this.addSql(`create index person_emails_idx on ${this.schema}.person using gin (public.kontor_lowercase(emails)) with (fastupdate = off)`);
  }
}
