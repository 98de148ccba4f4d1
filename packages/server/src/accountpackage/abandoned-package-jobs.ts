import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import type { FileStorage } from '../files/storage/file-storage.js';
import type { Logger } from '../logging/logger.js';
import type { PackageImportJobData } from './package-import-queue.js';
import type { AccountPackageJobData } from './package-queue.js';

/**
 * A package job that pg-boss gave up on: every try failed before the job
 * could end its row (the database was away for longer than the tries last,
 * say). pg-boss then moves it to its queue's dead-letter queue
 * (jobs/job-sender.ts), whose worker ends the row here as FAILED. Otherwise a
 * package import would stay QUEUED and refuse every change to its account for
 * ever (PACKAGE_IMPORT_RUNNING, request/package-import-guard.ts), and a
 * package would stay QUEUED and stand in for every new one asked for. A row
 * that ended meanwhile is left as it is.
 */
export interface AbandonedJobDeps {
  orm: Orm;
  logger: Logger;
  storage: FileStorage;
}

/** Ends an abandoned package import as FAILED and deletes its upload. */
export async function abandonPackageImport(deps: AbandonedJobDeps, data: PackageImportJobData): Promise<void> {
  const table = await accountTable(deps.orm, data.accountId, 'account_package_import');
  if (!table) return;
  const error = { code: 'INTERNAL_SERVER_ERROR', message: 'The package could not be brought in: every try failed. Upload it again.', extensions: {} };
  const [ended] = await deps.orm.em
    .fork()
    .execute<{ storage_key: string | null }[]>(
      `update ${table} t set status = 'FAILED', error = ?::jsonb, storage_key = null, finished_at = now() from ${table} before
       where t.id = ? and before.id = t.id and t.status in ('QUEUED', 'RUNNING') returning before.storage_key`,
      [JSON.stringify(error), data.importId],
    );
  if (!ended) return;
  deps.logger.error('a package import failed every try; it is ended as failed', { accountId: data.accountId, importId: data.importId });
  if (ended.storage_key) await deps.storage.delete(ended.storage_key).catch((cause: unknown) => deps.logger.warn('package upload not deleted', { importId: data.importId, error: cause }));
}

/** Ends an abandoned account package as FAILED. */
export async function abandonAccountPackage(deps: AbandonedJobDeps, data: AccountPackageJobData): Promise<void> {
  const table = await accountTable(deps.orm, data.accountId, 'account_package');
  if (!table) return;
  const ended = await deps.orm.em
    .fork()
    .execute(`update ${table} set status = 'FAILED', error = 'FAILED', finished_at = now() where id = ? and status in ('QUEUED', 'RUNNING') returning id`, [data.packageId]);
  if (ended.length > 0) deps.logger.error('an account package failed every try; it is ended as failed', { accountId: data.accountId, packageId: data.packageId });
}

/** The account's table, schema-qualified; undefined when the account is deleted. */
async function accountTable(orm: Orm, accountId: string, table: string): Promise<string | undefined> {
  const [account] = await orm.em.fork().execute<{ schema_name: string }[]>(`select schema_name from account where id = ? and deleted_at is null`, [accountId]);
  return account && `${quoteIdent(account.schema_name)}.${table}`;
}
