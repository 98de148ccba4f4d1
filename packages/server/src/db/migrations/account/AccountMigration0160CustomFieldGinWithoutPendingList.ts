import { AccountMigration } from './account-migration.js';
import { customColumnFunction } from './AccountMigration0050CustomFields.js';

/**
 * Custom fields' GIN indexes (a multiple choice's "any of", a text field's "contains") take each new row at once,
 * as the search indexes do since migration 0140 (see there: a pending list is read through by every search until
 * the next vacuum): `kontor_custom_column` builds them with `fastupdate = off`, and the ones already built are
 * switched, their pending rows moved into the index now.
 */
export class AccountMigration0160CustomFieldGinWithoutPendingList extends AccountMigration {
  override up(): void {
    this.addSql(customColumnFunction(this.schema, { ginWithoutPendingList: true, orReplace: true }));
    this.addSql(`do $$ declare index_name regclass; begin
      for index_name in select c.oid::regclass from pg_class c
        where c.relnamespace = ${this.schemaNameLiteral}::regnamespace and c.relkind = 'i' and c.relname ~ '^cf_[0-9a-f]{12}_gin_idx$'
      loop
        execute format('alter index %s set (fastupdate = off)', index_name);
        perform gin_clean_pending_list(index_name);
      end loop;
    end $$`);
  }
}
