import { Migration } from '@mikro-orm/migrations';

/**
 * Which account migration each account schema is at, recorded where start-up
 * can read it for every account in one query, instead of opening every
 * schema's own `kontor_migrations` table (db/account-schemas.ts).
 * `schema_version` is how many of `accountMigrations` (in their order) the
 * schema has; null for schemas made before this column, whose version is read
 * once from their own table when they are next migrated.
 */
export class Migration20261130150000AccountSchemaVersion extends Migration {
  override up(): void {
    this.addSql('alter table account add column schema_version integer check (schema_version >= 0)');
  }
}
