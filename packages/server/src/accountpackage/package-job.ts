import { createReadStream, createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../accounts/roles.js';
import { chosenLocale, type SupportedLocale } from '../auth/users.js';
import { requestConnections } from '../db/connection-pools.js';
import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import { storageKey, type FileStorage } from '../files/storage/file-storage.js';
import type { Logger } from '../logging/logger.js';
import type { Mailer } from '../mail/mailer.js';
import { can } from '../policies/account-rights.js';
import { AccountScope, type ScopeDetails } from '../request/account-scope.js';
import { unitOfWork } from '../request/unit-of-work.js';
import { packageLifetimeDays } from './package-format.js';
import type { AccountPackageJobData } from './package-queue.js';
import { packageReadyMail } from './package-mail.js';
import { countRecords, writePackage } from './package-writer.js';

/**
 * The job that makes an account package (pg-boss queue
 * `kontor-account-package`, jobs/job-queue.ts). It reads the account under
 * the account's own role in one repeatable-read transaction, writes the ZIP
 * to a temporary file (streamed: package-writer.ts), then stores it in the
 * file storage under `<account>/<package id>` (the storage needs the size up
 * front, which a streamed ZIP only knows at its end), marks it ready for
 * `packageLifetimeDays` and mails its creator. Progress (`records_done`) is
 * written beside the reading transaction, so the web app sees it move. A job
 * stopped by a restart is retried and starts again from the beginning.
 */
export { accountPackageQueue, type AccountPackageJobData } from './package-queue.js';

export interface PackageJobDeps {
  orm: Orm;
  logger: Logger;
  storage: FileStorage;
  mailer: Mailer;
  publicUrl: string;
}

/** The job found its package not yet committed (the mutation's transaction is still open): pg-boss tries again shortly. */
export class PackageNotQueuedYet extends Error {}

export async function runAccountPackageJob(deps: PackageJobDeps, data: AccountPackageJobData): Promise<void> {
  const { orm } = deps;
  const globalEm = orm.em.fork();
  const [account] = await globalEm.execute<{ id: string; name: string; slug: string; schema_name: string; plan_code: string }[]>(
    `select id, name, slug, schema_name, plan_code from account where id = ? and deleted_at is null`,
    [data.accountId],
  );
  if (!account) return;
  const table = `${quoteIdent(account.schema_name)}.account_package`;
  const [job] = await globalEm.execute<{ status: string; created_by: string }[]>(`select status, created_by from ${table} where id = ?`, [data.packageId]);
  if (!job) throw new PackageNotQueuedYet(`account package ${data.packageId} is not queued yet`);
  if (job.status !== 'QUEUED' && job.status !== 'RUNNING') return;

  const [creator] = await globalEm.execute<{ id: string; email: string; name: string; locale: string | null; membership_id: string | null; role: Role | null; status: string | null }[]>(
    `select u.id, u.email, u.name, u.locale, m.id as membership_id, m.role, m.status
     from app_user u left join membership m on m.user_id = u.id and m.account_id = ? where u.id = ?`,
    [account.id, job.created_by],
  );
  const fail = (reason: string) => globalEm.execute(`update ${table} set status = 'FAILED', error = ?, finished_at = now() where id = ?`, [reason, data.packageId]);
  if (!creator?.membership_id || creator.status !== 'ACTIVE' || !creator.role || !can(creator.role, 'account.package')) return void (await fail('NO_RIGHT'));
  const details: ScopeDetails = {
    account: { id: account.id, name: account.name, slug: account.slug, schemaName: account.schema_name, planCode: account.plan_code },
    membership: { id: creator.membership_id, role: creator.role },
  };
  await globalEm.execute(`update ${table} set status = 'RUNNING', records_done = 0 where id = ?`, [data.packageId]);

  const path = join(tmpdir(), `kontor-package-${data.packageId}.zip`);
  const locale: SupportedLocale = chosenLocale(creator.locale) ?? 'en';
  try {
    const scope = AccountScope.verified(orm, details, creator.id, undefined, requestConnections(orm));
    let committed = false;
    try {
      // Before any query: every read of the package sees the same moment.
      await scope.query('set transaction isolation level repeatable read, read only');
      const work = unitOfWork(scope, orm);
      await globalEm.execute(`update ${table} set records_total = ? where id = ?`, [await countRecords(work), data.packageId]);
      await writePackage(work, createWriteStream(path), {
        storage: deps.storage,
        createdBy: { id: creator.id, name: creator.name, email: creator.email, locale },
        progress: async (done) => void (await globalEm.execute(`update ${table} set records_done = ? where id = ?`, [done, data.packageId])),
      });
      await scope.finish(true);
      committed = true;
    } finally {
      if (!committed) await scope.finish(false);
    }
    const { size } = await stat(path);
    const key = storageKey(account.id, data.packageId);
    await deps.storage.put(key, createReadStream(path), size);
    // Only the newest package is kept: the bytes of earlier ones go with the next clean-up.
    await globalEm.transactional(async (em) => {
      await em.execute(
        `insert into public.file_deletion_queue (account_schema, storage_key) select ?, storage_key from ${table} where storage_key is not null and id <> ? on conflict do nothing`,
        [account.schema_name, data.packageId],
      );
      await em.execute(`update ${table} set storage_key = null where storage_key is not null and id <> ?`, [data.packageId]);
      await em.execute(
        `update ${table} set status = 'READY', records_done = records_total, storage_key = ?, byte_size = ?, finished_at = now(), expires_at = now() + make_interval(days => ?) where id = ?`,
        [key, size, packageLifetimeDays, data.packageId],
      );
      await deps.mailer.send(em, packageReadyMail({ to: creator, locale, account, publicUrl: deps.publicUrl, size }));
    });
    deps.logger.info('account package ready', { accountId: account.id, packageId: data.packageId, bytes: size });
  } catch (error) {
    deps.logger.error('account package failed', { accountId: account.id, packageId: data.packageId, error });
    await fail('FAILED');
  } finally {
    await unlink(path).catch(() => undefined);
  }
}
