import PgBoss from 'pg-boss';
import type { Logger } from '../logging/logger.js';
import { importQueue, type ImportJobData } from '../imports/import-job.js';
import { accountPackageAbandonedQueue, accountPackageQueue, type AccountPackageJobData } from '../accountpackage/package-queue.js';
import { packageExpireQueue } from '../accountpackage/package-bytes.js';
import { packageImportAbandonedQueue, packageImportQueue, type PackageImportJobData } from '../accountpackage/package-import-queue.js';
import { importForgetQueue, type ImportForgetData } from '../imports/import-retention.js';

/**
 * Putting jobs in the queue (jobs/job-queue.ts works them off). Apart from
 * the workers, so that the request layer, which sends jobs, never imports
 * the jobs themselves.
 */
export {
  accountPackageAbandonedQueue,
  accountPackageQueue,
  importForgetQueue,
  importQueue,
  packageExpireQueue,
  packageImportAbandonedQueue,
  packageImportQueue,
  type AccountPackageJobData,
  type ImportForgetData,
  type PackageImportJobData,
};

/**
 * Imports: a job per import. Retried many times, shortly apart: a retry is
 * how an import goes on after a restart or after the process stopped it
 * between batches (imports/import-job.ts keeps that safe). An active job of
 * a process that died is retried once it expires (15 minutes).
 */
const importQueueOptions = { name: importQueue, policy: 'standard' as const, retryLimit: 50, retryDelay: 2, expireInSeconds: 15 * 60 };

/** Forgetting an import's file, report and undo data when due (imports/import-retention.ts): delayed jobs, retried for a day. */
const importForgetQueueOptions = { name: importForgetQueue, policy: 'standard' as const, retryLimit: 24, retryDelay: 3600, expireInSeconds: 15 * 60 };

/**
 * Account packages (accountpackage/package-job.ts): a job per package. A retry
 * starts the package again; a few are enough (the first ones wait for the
 * starting mutation's commit). An active job of a process that died is retried
 * once it expires (an hour).
 */
const accountPackageQueueOptions = {
  name: accountPackageQueue,
  policy: 'standard' as const,
  retryLimit: 10,
  retryDelay: 2,
  expireInSeconds: 60 * 60,
  deadLetter: accountPackageAbandonedQueue,
};

/**
 * Package jobs whose last try failed (accountpackage/abandoned-package-jobs.ts ends their rows as FAILED, so that
 * nothing waits for them for ever). Ending a row is one statement: retried for two hours, in case the database is
 * still away.
 */
const abandonedQueueOptions = (name: string) => ({ name, policy: 'standard' as const, retryLimit: 24, retryDelay: 300, expireInSeconds: 15 * 60 });

/**
 * How pg-boss connects, for the sender and the worker. Its tables are global, as the `public` schema's: on a Citus
 * cluster with schema-based sharding on, its new `pgboss` schema would become a distributed schema placed on a worker,
 * where its one multi-statement set-up fails ("cannot insert multiple commands into a prepared statement"). With the
 * setting off for pg-boss's own connections, its schema stays on the coordinator; plain PostgreSQL keeps the unknown
 * `citus.` setting as a placeholder and ignores it.
 */
export function pgBossConnection(databaseUrl: string, applicationName: string) {
  return { connectionString: databaseUrl, schema: 'pgboss', application_name: applicationName, options: '-c citus.enable_schema_based_sharding=off' };
}

/**
 * Bringing a package in (accountpackage/package-import-job.ts): a job per
 * upload; a retry starts it again (the first ones wait for the upload's
 * commit). An active job of a process that died is retried once it expires (an hour).
 */
const packageImportQueueOptions = {
  name: packageImportQueue,
  policy: 'standard' as const,
  retryLimit: 10,
  retryDelay: 2,
  expireInSeconds: 60 * 60,
  deadLetter: packageImportAbandonedQueue,
};

/** Deleting an account package's ZIP when it expires (accountpackage/package-bytes.ts): delayed jobs, retried for a day. */
const packageExpireQueueOptions = { name: packageExpireQueue, policy: 'standard' as const, retryLimit: 24, retryDelay: 3600, expireInSeconds: 15 * 60 };

/** Declares the queues jobs are sent to (idempotent): the sender and the worker both, so neither sends to a queue the other lacks. */
export async function createJobQueues(boss: PgBoss): Promise<void> {
  // Dead-letter queues first: a queue names its own.
  for (const name of [accountPackageAbandonedQueue, packageImportAbandonedQueue]) await boss.createQueue(name, abandonedQueueOptions(name));
  for (const options of [importQueueOptions, importForgetQueueOptions, accountPackageQueueOptions, packageExpireQueueOptions, packageImportQueueOptions]) await boss.createQueue(options.name, options);
  // createQueue keeps a queue that exists as it is: queues made before they had a dead-letter queue get theirs here.
  for (const options of [accountPackageQueueOptions, packageImportQueueOptions]) await boss.updateQueue(options.name, options);
}

/** Puts jobs in the queue; requests use it (`RequestContext.jobs`), whether or not this process works jobs. */
export interface JobSender {
  sendImport(data: ImportJobData): Promise<void>;
  /** Asks for the import's data to be forgotten once due, `afterSeconds` from now. */
  sendImportForget(data: ImportForgetData, afterSeconds: number): Promise<void>;
  sendAccountPackage(data: AccountPackageJobData): Promise<void>;
  sendPackageImport(data: PackageImportJobData): Promise<void>;
  stop(): Promise<void>;
}

/** A sender that connects on first use (most processes never send a job) with a pg-boss of its own that works nothing. */
export function createJobSender(databaseUrl: string, logger: Logger): JobSender {
  let started: Promise<PgBoss> | undefined;
  const start = async () => {
    const boss = new PgBoss({ ...pgBossConnection(databaseUrl, 'kontor-send'), max: 2, supervise: false, schedule: false });
    boss.on('error', (error) => logger.warn('job queue trouble', { error }));
    await boss.start();
    await createJobQueues(boss);
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
    async sendAccountPackage(data) {
      await (await boss()).send(accountPackageQueue, data, { singletonKey: data.packageId });
    },
    async sendPackageImport(data) {
      await (await boss()).send(packageImportQueue, data, { singletonKey: data.importId });
    },
    async stop() {
      const boss = await started?.catch(() => undefined);
      await boss?.stop({ graceful: false });
    },
  };
}

