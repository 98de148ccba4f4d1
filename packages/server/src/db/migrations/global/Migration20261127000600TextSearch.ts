import { Migration } from '@mikro-orm/migrations';

/**
 * pg_trgm, so that "text the title contains" (tasks, notes) is answered from
 * an index instead of reading every row. A trusted extension since
 * PostgreSQL 13: the database's owner may create it without being superuser.
 * Account schemas name its operator class as `public.gin_trgm_ops`.
 */
export class Migration20261127000600TextSearch extends Migration {
  override up(): void {
    this.addSql('create extension if not exists pg_trgm with schema public');
  }
}
