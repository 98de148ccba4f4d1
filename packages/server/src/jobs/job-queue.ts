import PgBoss from 'pg-boss';
import { runRetentionCleanup } from '../cleanup/retention-cleanup.js';
import type { CleanupConfig } from '../config/cleanup-config.js';
import type { FileStorage } from '../files/storage/file-storage.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';
import { runImportJob, type ImportJobData } from '../imports/import-job.js';
import { runAccountPackageJob } from '../accountpackage/package-job.js';
import { dropPackageBytes, expirePackageAfterSeconds } from '../accountpackage/package-bytes.js';
import type { Mailer } from '../mail/mailer.js';
import { forgetFinishedAfterSeconds, forgetImport } from '../imports/import-retention.js';
import {
  accountPackageAbandonedQueue,
  accountPackageQueue,
  createJobQueues,
  importForgetQueue,
  pgBossConnection,
  importQueue,
  packageExpireQueue,
  packageImportAbandonedQueue,
  packageImportQueue,
  type AccountPackageJobData,
  type ImportForgetData,
  type PackageImportJobData,
} from './job-sender.js';
import { runPackageImportJob } from '../accountpackage/package-import-job.js';
import { abandonAccountPackage, abandonPackageImport } from '../accountpackage/abandoned-package-jobs.js';

/**
 * Background jobs, on pg-boss: a queue in PostgreSQL (schema `pgboss`, which
 * it creates and migrates itself; the database owner may, no superuser
 * needed), so jobs survive restarts and every process shares them. Each
 * process that works jobs also keeps the schedules: pg-boss lets one of them
 * per minute turn a due cron entry into a job (a row lock on its clock, and a
 * singleton key per minute), and one worker takes each job
 * (`for update skip locked`), so a scheduled job runs once however many
 * processes run. The clean-up queue is a `singleton` queue besides: one run
 * at a time, even when a run takes longer than the schedule's interval.
 */
export const cleanupQueue = 'kontor-cleanup';

export interface JobQueueDeps {
  databaseUrl: string;
  orm: Orm;
  cleanup: CleanupConfig;
  logger: Logger;
  /** The clean-up removes the bytes of deleted files from it; account packages read files from it and are stored in it. */
  fileStorage: FileStorage;
  /** Tells a package's creator that it is ready. */
  mailer: Mailer;
  publicUrl: string;
}

export interface JobQueue {
  stop(): Promise<void>;
}

export async function startJobQueue(deps: JobQueueDeps): Promise<JobQueue> {
  let stopping = false;
  const boss = new PgBoss({
    ...pgBossConnection(deps.databaseUrl, 'kontor-jobs'),
    // Polling and the odd job need few connections; the ORM's pool stays the requests'.
    max: 2,
    cronMonitorIntervalSeconds: deps.cleanup.scheduleCheckSeconds,
    cronWorkerIntervalSeconds: Math.min(deps.cleanup.scheduleCheckSeconds, 5),
  });
  // pg-boss reports trouble (a lost connection) as events; unheard, they would end the process.
  boss.on('error', (error) => deps.logger.warn('job queue trouble', { error }));
  await boss.start();
  try {
    // Idempotent: every process declares the queue and the schedule; the same cron entry is kept once.
    await boss.createQueue(cleanupQueue, { name: cleanupQueue, policy: 'singleton', retryLimit: 2, retryDelay: 60, expireInSeconds: 3600 });
    await boss.schedule(cleanupQueue, deps.cleanup.schedule, undefined, { tz: 'UTC' });
    await boss.work(cleanupQueue, async () => {
      await runRetentionCleanup(deps.orm, { retentionDays: deps.cleanup.retentionDays, fileStorage: deps.fileStorage }, deps.logger);
    });
    await createJobQueues(boss);
    await boss.work<ImportJobData>(importQueue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      await runImportJob({ orm: deps.orm, logger: deps.logger, stopping: () => stopping }, job!.data);
      // Ended (or found nothing to do): its report and undo data are forgotten when the undo window closes.
      await boss.send(importForgetQueue, job!.data, { startAfter: forgetFinishedAfterSeconds });
    });
    await boss.work<ImportForgetData>(importForgetQueue, async ([job]) => {
      await forgetImport(deps.orm, job!.data);
    });
    await boss.work<AccountPackageJobData>(accountPackageQueue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      await runAccountPackageJob({ orm: deps.orm, logger: deps.logger, storage: deps.fileStorage, mailer: deps.mailer, publicUrl: deps.publicUrl }, job!.data);
      // Made (or failed, or found nothing to do): its ZIP leaves the storage when it expires, if no download took it first.
      await boss.send(packageExpireQueue, job!.data, { startAfter: expirePackageAfterSeconds });
    });
    await boss.work<PackageImportJobData>(packageImportQueue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      await runPackageImportJob({ orm: deps.orm, logger: deps.logger, storage: deps.fileStorage }, job!.data);
    });
    const abandoned = { orm: deps.orm, logger: deps.logger, storage: deps.fileStorage };
    await boss.work<PackageImportJobData>(packageImportAbandonedQueue, async ([job]) => {
      await abandonPackageImport(abandoned, job!.data);
    });
    await boss.work<AccountPackageJobData>(accountPackageAbandonedQueue, async ([job]) => {
      await abandonAccountPackage(abandoned, job!.data);
    });
    await boss.work<AccountPackageJobData>(packageExpireQueue, async ([job]) => {
      await dropPackageBytes(deps.orm, deps.fileStorage, job!.data, 'expired');
    });
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw error;
  }
  return {
    // Imports stop after their current batch and go on in the next process; a clean-up in flight gets 10 s to finish; otherwise pg-boss marks it failed and a later run repeats it (it is idempotent).
    stop: () => {
      stopping = true;
      return boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
