import type { Orm } from '../db/orm.js';
import { assertAccountSchemaName } from '../db/account-schema.js';
import { quoteIdent } from '../db/sql.js';

/**
 * How long an import keeps the personal data it holds besides the records
 * it wrote:
 * - the uploaded file (`import_chunk`): until the import ends (the job
 *   deletes it with its last update), or 24 hours after an upload that was
 *   never started (the whole import goes then);
 * - the failed rows with their cells (`import_failure`, the report) and
 *   each updated record's earlier state (`import_change`, what undo
 *   restores): for the undo window, `undoDays` after the end. Afterwards
 *   only the import's counts remain.
 * Each import asks for its own forgetting: a job delayed until it is due
 * (`kontor-import-forget`, jobs/job-queue.ts), sent with the upload and
 * again when the import ends, so no pass over every account is needed.
 */
/** An import can be undone for this many days after it ended; its report and undo data are kept as long. */
export const undoDays = 7;
export const unstartedUploadHours = 24;
export const importForgetQueue = 'kontor-import-forget';

export interface ImportForgetData {
  accountId: string;
  importId: string;
}

/** Seconds from now until an upload that is not started is forgotten. */
export const forgetUnstartedAfterSeconds = unstartedUploadHours * 3600 + 60;
/** Seconds from an import's end until its report and undo data are forgotten. */
export const forgetFinishedAfterSeconds = undoDays * 24 * 3600 + 60;

export type ForgetOutcome = 'UPLOAD_DELETED' | 'DETAILS_DELETED' | 'NOTHING_DUE';

/** Forgets what is due of one import; anything not due yet is left for the job sent at its end. */
export async function forgetImport(orm: Orm, data: ImportForgetData): Promise<ForgetOutcome> {
  const em = orm.em.fork();
  const [account] = await em.execute<{ schema_name: string }[]>(`select schema_name from account where id = ? and deleted_at is null`, [data.accountId]);
  if (!account) return 'NOTHING_DUE';
  assertAccountSchemaName(account.schema_name);
  const s = quoteIdent(account.schema_name);
  return em.transactional(async (tx) => {
    // As the account's own role, like every other touch of its schema.
    await tx.execute(`set local role ${s}`);
    const { affectedRows: uploads } = await tx.execute<{ affectedRows: number }>(
      `delete from ${s}.import_run where id = ? and status in ('UPLOADING', 'UPLOADED') and created_at < now() - make_interval(hours => ?)`,
      [data.importId, unstartedUploadHours],
      'run',
    );
    if (uploads > 0) return 'UPLOAD_DELETED';
    const [due] = await tx.execute<{ id: string }[]>(
      `select id from ${s}.import_run where id = ? and finished_at < now() - make_interval(days => ?)`,
      [data.importId, undoDays],
    );
    if (!due) return 'NOTHING_DUE';
    for (const table of ['import_failure', 'import_change', 'import_chunk']) await tx.execute(`delete from ${s}.${table} where import_id = ?`, [data.importId]);
    return 'DETAILS_DELETED';
  });
}
