import { Migration } from '@mikro-orm/migrations';

/**
 * `public.kontor_lowercase(text[])`: a list's entries in lower case, declared
 * immutable so that an index may be built on it (AccountMigration0075EmailIndexes:
 * an import finds the people it duplicates by e-mail, without case, from an
 * index instead of reading every person of the account once per batch). On
 * Citus the function travels to the workers with the tables that use it.
 */
export class Migration20261130195000LowercaseWords extends Migration {
  override up(): void {
    this.addSql(`create or replace function public.kontor_lowercase(words text[]) returns text[]
      language sql immutable parallel safe strict as $$ select array(select lower(word) from unnest(words) as word) $$`);
  }
}
