import { Migration } from '@mikro-orm/migrations';

/**
 * `public.kontor_search_words(text[])`: a list's entries joined by spaces,
 * declared immutable so that the account tables' generated `search_vector`
 * columns (AccountMigration0012SearchColumns) may use it. PostgreSQL's own
 * `array_to_string` is only stable because it serves every element type; for
 * text it cannot change. On Citus the function travels to the workers with the
 * tables that use it.
 */
export class Migration20261130000900SearchWords extends Migration {
  override up(): void {
    this.addSql(`create or replace function public.kontor_search_words(words text[]) returns text
      language sql immutable parallel safe strict as $$ select array_to_string(words, ' ') $$`);
  }
}
