import { assertAccountSchemaName } from '../db/account-schema.js';
import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import type { FileStorage } from '../files/storage/file-storage.js';
import { packageLifetimeDays } from './package-format.js';
import type { AccountPackageJobData } from './package-queue.js';

/**
 * A package's ZIP holds the whole account, so it is kept no longer than it
 * serves: it leaves the storage after its one complete download
 * (package-download.ts) or when it expires, whichever comes first. Expiry is
 * a delayed job per package (`kontor-account-package-expire`, sent when the
 * package is made: jobs/job-queue.ts), as imports are forgotten
 * (imports/import-retention.ts), so no pass over every account is needed.
 * The key goes into `file_deletion_queue` in the transaction that lets go of
 * it, so bytes whose deletion fails here are removed by the next sweep.
 */
export const packageExpireQueue = 'kontor-account-package-expire';

/** Seconds from a package's making until its expiry job runs (a minute after it expired). */
export const expirePackageAfterSeconds = packageLifetimeDays * 24 * 3600 + 60;

export type PackageBytesOutcome = 'DELETED' | 'NOTHING_DUE';

/**
 * Deletes the package's ZIP if it is due: `downloaded` (a download went
 * through to its last byte) or expired. Afterwards the package has no
 * download link any more; its row (counts, dates) stays.
 */
export async function dropPackageBytes(orm: Orm, storage: FileStorage, data: AccountPackageJobData, reason: 'downloaded' | 'expired'): Promise<PackageBytesOutcome> {
  const em = orm.em.fork();
  const [account] = await em.execute<{ schema_name: string }[]>(`select schema_name from account where id = ? and deleted_at is null`, [data.accountId]);
  if (!account) return 'NOTHING_DUE';
  assertAccountSchemaName(account.schema_name);
  const s = quoteIdent(account.schema_name);
  const downloaded = reason === 'downloaded';
  const key = await em.transactional(async (tx) => {
    // As the account's own role, like every other touch of its schema.
    await tx.execute(`set local role ${s}`);
    const [row] = await tx.execute<{ storage_key: string }[]>(
      `with due as (select id, storage_key from ${s}.account_package where id = ? and storage_key is not null and (? or expires_at <= now()) for update)
       update ${s}.account_package p set storage_key = null, downloaded_at = case when ? then now() else p.downloaded_at end
       from due where p.id = due.id returning due.storage_key`,
      [data.packageId, downloaded, downloaded],
    );
    if (!row) return undefined;
    await tx.execute(`insert into public.file_deletion_queue (account_schema, storage_key) values (current_user, ?)`, [row.storage_key]);
    return row.storage_key;
  });
  if (!key) return 'NOTHING_DUE';
  await storage.delete(key);
  await em.execute(`delete from public.file_deletion_queue where account_schema = ? and storage_key = ?`, [account.schema_name, key]);
  return 'DELETED';
}
