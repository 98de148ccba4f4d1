import { AccountMigration } from './account-migration.js';

/**
 * Search shows the records whose name starts with the first word typed first, in the order of that name (search/
 * search.service.ts). These indexes hold the names lower-cased in byte order (collation "C"), the one order in which
 * a `like 'mar%'` is a range of the index whatever the database's collation, so that a search reads the first page of
 * matching names from them instead of every record the word matches: "Mar" in an address book of 10,000 starts some
 * 3,000 names, and ranking all of them took most of the time a search across 20 accounts may take.
 * A person's name is indexed both ways round, first name then last and last then first, as an address book lists
 * a person under either name.
 */
export class AccountMigration0150NamePrefixIndexes extends AccountMigration {
  override up(): void {
    this.addSql(`create index person_first_name_prefix_idx on ${this.schema}.person ((lower(first_name) collate "C"), (lower(last_name) collate "C"), id)`);
    this.addSql(`create index person_last_name_prefix_idx on ${this.schema}.person ((lower(last_name) collate "C"), (lower(first_name) collate "C"), id)`);
    this.addSql(`create index company_name_prefix_idx on ${this.schema}.company ((lower(name) collate "C"), id)`);
    this.addSql(`create index deal_title_prefix_idx on ${this.schema}.deal ((lower(title) collate "C"), id)`);
  }
}
