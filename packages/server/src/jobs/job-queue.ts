import PgBoss from 'pg-boss';
import { runRetentionCleanup } from '../cleanup/retention-cleanup.js';
import type { CleanupConfig } from '../config/cleanup-config.js';
import type { FileStorage } from '../files/storage/file-storage.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';
import { importQueue, runImportJob, type ImportJobData } from '../imports/import-job.js';
import { forgetFinishedAfterSeconds, forgetImport, importForgetQueue, type ImportForgetData } from '../imports/import-retention.js';

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
  /** The clean-up removes the bytes of deleted files from it. */
  fileStorage: FileStorage;
}

export interface JobQueue {
  stop(): Promise<void>;
}

/**
 * Imports: a job per import. Retried many times, shortly apart: a retry is
 * how an import goes on after a restart or after the process stopped it
 * between batches (imports/import-job.ts keeps that safe). An active job of
 * a process that died is retried once it expires (15 minutes).
 */
const importQueueOptions = { name: importQueue, policy: 'standard' as const, retryLimit: 50, retryDelay: 2, expireInSeconds: 15 * 60 };
/** Forgetting an import's file, report and undo data when due (imports/import-retention.ts): delayed jobs, retried for a day. */
const importForgetQueueOptions = { name: importForgetQueue, policy: 'standard' as const, retryLimit: 24, retryDelay: 3600, expireInSeconds: 15 * 60 };

/** Puts jobs in the queue; requests use it (`RequestContext.jobs`), whether or not this process works jobs. */
export interface JobSender {
  sendImport(data: ImportJobData): Promise<void>;
  /** Asks for the import's data to be forgotten once due, `afterSeconds` from now. */
  sendImportForget(data: ImportForgetData, afterSeconds: number): Promise<void>;
  stop(): Promise<void>;
}

/** A sender that connects on first use (most processes never send a job) with a pg-boss of its own that works nothing. */
export function createJobSender(databaseUrl: string, logger: Logger): JobSender {
  let started: Promise<PgBoss> | undefined;
  const start = async () => {
    const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', application_name: 'kontor-send', max: 2, supervise: false, schedule: false });
    boss.on('error', (error) => logger.warn('job queue trouble', { error }));
    await boss.start();
    await boss.createQueue(importQueue, importQueueOptions);
    await boss.createQueue(importForgetQueue, importForgetQueueOptions);
    return boss;
  };
  const boss = () =>
    (started ??= start().catch((error: unknown) => {
      started = undefined;
      throw error;
    }));
  return {
    async sendImport(data) {
      await (await boss()).send(importQueue, data, { singletonKey: data.importId });
    },
    async sendImportForget(data, afterSeconds) {
      await (await boss()).send(importForgetQueue, data, { startAfter: afterSeconds });
    },
    async stop() {
      const boss = await started?.catch(() => undefined);
      await boss?.stop({ graceful: false });
    },
  };
}

export async function startJobQueue(deps: JobQueueDeps): Promise<JobQueue> {
  let stopping = false;
  const boss = new PgBoss({
    connectionString: deps.databaseUrl,
    schema: 'pgboss',
    application_name: 'kontor-jobs',
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
    await boss.createQueue(importQueue, importQueueOptions);
    await boss.createQueue(importForgetQueue, importForgetQueueOptions);
    await boss.work<ImportJobData>(importQueue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      await runImportJob({ orm: deps.orm, logger: deps.logger, stopping: () => stopping }, job!.data);
      // Ended (or found nothing to do): its report and undo data are forgotten when the undo window closes.
      await boss.send(importForgetQueue, job!.data, { startAfter: forgetFinishedAfterSeconds });
    });
    await boss.work<ImportForgetData>(importForgetQueue, async ([job]) => {
      await forgetImport(deps.orm, job!.data);
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
