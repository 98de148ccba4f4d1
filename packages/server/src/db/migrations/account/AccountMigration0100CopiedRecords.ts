import { AccountMigration } from './account-migration.js';

/**
 * Copying records between one's own accounts (copy/) writes a timeline entry
 * on both sides: COPIED_TO on the source record, COPIED_FROM on the copy.
 * The activity kinds are a closed set checked by the table.
 */
export class AccountMigration0100CopiedRecords extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`alter table ${s}.activity drop constraint activity_kind_check`);
    this.addSql(
      `alter table ${s}.activity add constraint activity_kind_check check (kind in ('CREATED', 'CHANGED', 'NOTE_ADDED', 'PHASE_MOVED', 'TASK_DONE', 'COPIED_TO', 'COPIED_FROM'))`,
    );
  }
}
