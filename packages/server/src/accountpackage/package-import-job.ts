import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Role } from '../accounts/roles.js';
import { requestConnections } from '../db/connection-pools.js';
import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import { KontorError } from '../errors/errors.js';
import type { FileStorage } from '../files/storage/file-storage.js';
import type { Logger } from '../logging/logger.js';
import { can } from '../policies/account-rights.js';
import { AccountScope } from '../request/account-scope.js';
import { unitOfWork } from '../request/unit-of-work.js';
import { importPackage } from './package-import.js';
import type { PackageImportJobData } from './package-import-queue.js';
import { PackageReader } from './package-reader.js';

/**
 * The job that brings an uploaded package into its account (pg-boss queue
 * `kontor-account-package-import`, jobs/job-queue.ts), so a big package is
 * not bound by the upload request's time limit. It runs as the uploader, with
 * their membership and `account.package` as they are now, in one transaction
 * (all or nothing, as package-import.ts says), after the checks the upload
 * could not make (a package, within the account's limits) and the one it
 * made again under the import's lock (an empty account; request/package-import-guard.ts). Progress (`records_done`)
 * is written beside that transaction, so the web app sees it move; the end
 * writes the report, or the refusal's code and message. The uploaded ZIP
 * leaves the storage then. A job stopped by a restart is retried and starts
 * again from the beginning (its transaction was rolled back).
 */
export interface PackageImportJobDeps {
  orm: Orm;
  logger: Logger;
  storage: FileStorage;
}

/** The job found its import not yet committed (the upload's transaction is still open): pg-boss tries again shortly. */
export class PackageImportNotQueuedYet extends Error {}

export async function runPackageImportJob(deps: PackageImportJobDeps, data: PackageImportJobData): Promise<void> {
  const { orm, storage } = deps;
  const globalEm = orm.em.fork();
  const [account] = await globalEm.execute<{ id: string; name: string; slug: string; schema_name: string; plan_code: string }[]>(
    `select id, name, slug, schema_name, plan_code from account where id = ? and deleted_at is null`,
    [data.accountId],
  );
  if (!account) return;
  const table = `${quoteIdent(account.schema_name)}.account_package_import`;
  const [job] = await globalEm.execute<{ status: string; created_by: string; storage_key: string | null }[]>(`select status, created_by, storage_key from ${table} where id = ?`, [
    data.importId,
  ]);
  if (!job) throw new PackageImportNotQueuedYet(`package import ${data.importId} is not queued yet`);
  if ((job.status !== 'QUEUED' && job.status !== 'RUNNING') || !job.storage_key) return;
  const uploadKey = job.storage_key;
  const end = async (outcome: { report: unknown } | { error: { code: string; message: string; extensions: Record<string, unknown> } }) => {
    await globalEm.execute(
      `update ${table} set status = ?, report = ?::jsonb, error = ?::jsonb, records_done = case when ? then records_total else records_done end, storage_key = null, finished_at = now() where id = ?`,
      ['report' in outcome ? 'DONE' : 'FAILED', JSON.stringify('report' in outcome ? outcome.report : null), JSON.stringify('error' in outcome ? outcome.error : null), 'report' in outcome, data.importId],
    );
    await storage.delete(uploadKey).catch((error: unknown) => deps.logger.warn('package upload not deleted', { accountId: account.id, importId: data.importId, error }));
  };

  const [creator] = await globalEm.execute<{ membership_id: string | null; role: Role | null; status: string | null }[]>(
    `select m.id as membership_id, m.role, m.status from membership m where m.user_id = ? and m.account_id = ?`,
    [job.created_by, account.id],
  );
  if (!creator?.membership_id || creator.status !== 'ACTIVE' || !creator.role || !can(creator.role, 'account.package')) {
    return end({ error: { code: 'FORBIDDEN', message: 'Only owners and co-owners may bring a package into an account.', extensions: {} } });
  }
  await globalEm.execute(`update ${table} set status = 'RUNNING', records_done = 0 where id = ?`, [data.importId]);

  const path = join(tmpdir(), `kontor-package-import-${data.importId}.zip`);
  const stored: string[] = [];
  let reader: PackageReader | undefined;
  try {
    const body = await storage.get(uploadKey);
    if (!body) return await end({ error: { code: 'NOT_FOUND', message: 'The uploaded package is missing from the storage. Upload it again.', extensions: {} } });
    await pipeline(body, createWriteStream(path));
    reader = await PackageReader.open(path);
    const details = {
      account: { id: account.id, name: account.name, slug: account.slug, schemaName: account.schema_name, planCode: account.plan_code },
      membership: { id: creator.membership_id, role: creator.role },
    };
    const scope = AccountScope.verified(orm, details, job.created_by, undefined, requestConnections(orm));
    let committed = false;
    try {
      const report = await importPackage(unitOfWork(scope, orm), reader, storage, stored, async (done, total) => {
        await globalEm.execute(`update ${table} set records_done = ?, records_total = ? where id = ?`, [done, total, data.importId]);
      });
      await scope.finish(true);
      committed = true;
      await end({ report });
      deps.logger.info('account package imported', { accountId: account.id, importId: data.importId, records: report.records, files: report.files });
    } finally {
      if (!committed) {
        await scope.finish(false);
        for (const key of stored) await storage.delete(key).catch(() => undefined);
      }
    }
  } catch (error) {
    // A refusal (the account got records meanwhile, a limit, a broken package) is the import's result; anything else is logged.
    if (!(error instanceof KontorError) && !(error instanceof SyntaxError)) deps.logger.error('account package import failed', { accountId: account.id, importId: data.importId, error });
    const refusal = error instanceof KontorError ? error : undefined;
    const code = refusal ? String(refusal.extensions.code) : error instanceof SyntaxError ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR';
    const { code: _code, ...extensions } = refusal?.extensions ?? {};
    await end({ error: { code, message: refusal?.message ?? (error instanceof SyntaxError ? `The package has a broken line: ${error.message}` : 'The package could not be brought in.'), extensions } });
  } finally {
    reader?.close();
    await unlink(path).catch(() => undefined);
  }
}
