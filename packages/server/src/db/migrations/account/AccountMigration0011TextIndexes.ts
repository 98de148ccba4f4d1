import { AccountMigration } from './account-migration.js';

/**
 * Trigram indexes for the substring filters of tasks (title) and notes
 * (body): `ilike '%text%'` reads them instead of every row. The extension
 * itself is global (Migration20261127000600TextSearch).
 */
export class AccountMigration0011TextIndexes extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`create index task_title_trgm_idx on ${s}.task using gin (title public.gin_trgm_ops)`);
    this.addSql(`create index note_body_trgm_idx on ${s}.note using gin (body public.gin_trgm_ops)`);
  }
}
