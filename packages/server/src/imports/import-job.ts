import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../accounts/roles.js';
import type { Orm } from '../db/orm.js';
import { requestConnections } from '../db/connection-pools.js';
import { quoteIdent } from '../db/sql.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { can } from '../policies/account-rights.js';
import { AccountScope, type ScopeDetails } from '../request/account-scope.js';
import type { KnownContacts } from './import-contacts.js';
import { assertNoPackageImport } from '../request/package-import-guard.js';
import { unitOfWork } from '../request/unit-of-work.js';
import { openCsv } from './csv-file.js';
import { readStoredFile } from './import-file.js';
import type { ImportField, ImportKind } from './import-fields.js';
import { writeBatch, type BatchRow, type DuplicateMode } from './import-writer.js';

/**
 * The import job (pg-boss queue `kontor-import`, jobs/job-queue.ts). It reads
 * the stored file from the start, skips the rows already done, and writes
 * the rest a batch at a time, each batch one transaction that also moves the
 * import's `rows_done` on. So a job that stops — a restart, a crash, the
 * process shutting down between batches — is simply run again (pg-boss
 * retries it) and goes on where the last committed batch ended; and two
 * workers can never write the same batch twice, since each batch first locks
 * the import row and checks that `rows_done` is where it expects.
 */
export const importQueue = 'kontor-import';
export const importBatchSize = 500;

export interface ImportJobData {
  accountId: string;
  importId: string;
}

/** The job found its import not yet committed as queued (the mutation's transaction is still open): pg-boss tries again shortly. */
export class ImportNotQueuedYet extends Error {}
/** The process is stopping: the job ends after a committed batch and is taken up again. */
export class ImportInterrupted extends Error {}

interface RunRow {
  kind: ImportKind;
  status: string;
  mapping: (ImportField | null)[];
  custom_mapping: (string | null)[] | null;
  duplicates: DuplicateMode;
  encoding: string;
  delimiter: string;
  rows_done: number;
  created_by: string;
  stop_reason: string | null;
}

export async function runImportJob(
  deps: { orm: Orm; logger: Logger; batchSize?: number; stopping?: () => boolean | Promise<boolean> },
  data: ImportJobData,
): Promise<void> {
  const { orm } = deps;
  const globalEm = orm.em.fork();
  const [account] = await globalEm.execute<{ id: string; name: string; slug: string; schema_name: string; plan_code: string }[]>(
    `select id, name, slug, schema_name, plan_code from account where id = ?`,
    [data.accountId],
  );
  if (!account) return;
  const table = `${quoteIdent(account.schema_name)}.import_run`;
  const [run] = await globalEm.execute<RunRow[]>(`select * from ${table} where id = ?`, [data.importId]);
  if (!run) return;
  if (run.status === 'UPLOADED') throw new ImportNotQueuedYet(`import ${data.importId} is not queued yet`);
  if (run.status !== 'QUEUED' && run.status !== 'RUNNING') return;

  const [membership] = await globalEm.execute<{ id: string; role: Role }[]>(
    `select id, role from membership where account_id = ? and user_id = ? and status = 'ACTIVE'`,
    [account.id, run.created_by],
  );
  if (!membership || !can(membership.role, 'records.import')) {
    await globalEm.execute(`update ${table} set status = 'FAILED', stop_reason = 'NO_RIGHT', finished_at = now() where id = ?`, [data.importId]);
    await deleteFile(globalEm, account.schema_name, data.importId);
    return;
  }
  const details: ScopeDetails = {
    account: { id: account.id, name: account.name, slug: account.slug, schemaName: account.schema_name, planCode: account.plan_code },
    membership: { id: membership.id, role: membership.role },
  };
  await globalEm.execute(`update ${table} set status = 'RUNNING', started_at = coalesce(started_at, now()) where id = ?`, [data.importId]);

  const settings = {
    id: data.importId,
    kind: run.kind,
    mapping: run.mapping,
    customMapping: run.custom_mapping ?? null,
    duplicates: run.duplicates,
    stopped: run.stop_reason === 'CONTACT_LIMIT',
    knownContacts: undefined as KnownContacts | undefined,
  };
  const { records } = await openCsv(readStoredFile(orm, account.schema_name, data.importId), { encoding: run.encoding, delimiter: run.delimiter });
  const batchSize = deps.batchSize ?? importBatchSize;
  let done = run.rows_done;
  let rowNumber = 0;
  let batch: BatchRow[] = [];
  const writeOut = async () => {
    const scope = AccountScope.verified(orm, details, run.created_by, undefined, requestConnections(orm));
    let committed = false;
    try {
      const [current] = await scope.query<{ rows_done: number; status: string }>(`select rows_done, status from import_run where id = ? for update`, [data.importId]);
      if (!current || current.status !== 'RUNNING' || current.rows_done !== done) return false;
      if (await packageComingIn(scope)) {
        // A package is being brought into the account (request/package-import-guard.ts): nothing may mix with it, so the import ends here, saying why.
        await scope.query(`update import_run set status = 'FAILED', stop_reason = 'PACKAGE_IMPORT', finished_at = now() where id = ?`, [data.importId]);
        await scope.finish(true);
        committed = true;
        await deleteFile(globalEm, account.schema_name, data.importId);
        return false;
      }
      const outcome = await writeBatch(unitOfWork(scope, orm), settings, batch);
      if (outcome.stoppedAtLimit) settings.stopped = true;
      await scope.query(
        `update import_run set rows_done = rows_done + ?, rows_created = rows_created + ?, rows_updated = rows_updated + ?, rows_skipped = rows_skipped + ?,
                rows_failed = rows_failed + ?, stop_reason = case when ? then 'CONTACT_LIMIT' else stop_reason end where id = ?`,
        [batch.length, outcome.created, outcome.updated, outcome.skipped, outcome.failed, outcome.stoppedAtLimit, data.importId],
      );
      await scope.finish(true);
      committed = true;
      settings.knownContacts = outcome.contacts;
      done += batch.length;
      batch = [];
      return true;
    } finally {
      if (!committed) await scope.finish(false);
    }
  };
  for await (const record of records) {
    rowNumber++;
    // Row 1 is the header; rows already written by an earlier run of this job are skipped.
    if (rowNumber === 1 || rowNumber - 1 <= run.rows_done) continue;
    batch.push({ rowNumber, record });
    if (batch.length < batchSize) continue;
    if (!(await writeOut())) return;
    if (await deps.stopping?.()) throw new ImportInterrupted(`import ${data.importId} interrupted after ${done} rows; it goes on from there`);
  }
  if (batch.length > 0 && !(await writeOut())) return;
  await globalEm.execute(
    `update ${table} set status = case when stop_reason = 'CONTACT_LIMIT' then 'STOPPED' else 'DONE' end, finished_at = now() where id = ? and status = 'RUNNING'`,
    [data.importId],
  );
  await deleteFile(globalEm, account.schema_name, data.importId);
  deps.logger.info('import finished', { accountId: account.id, importId: data.importId, rows: done });
}

async function packageComingIn(scope: AccountScope): Promise<boolean> {
  try {
    await assertNoPackageImport(scope);
    return false;
  } catch (error) {
    if (error instanceof KontorError && error.extensions.code === ErrorCode.PACKAGE_IMPORT_RUNNING) return true;
    throw error;
  }
}

/** The uploaded file is not needed once the import has ended (import-retention.ts). */
async function deleteFile(globalEm: EntityManager, schemaName: string, importId: string): Promise<void> {
  await globalEm.execute(`delete from ${quoteIdent(schemaName)}.import_chunk where import_id = ?`, [importId]);
}
