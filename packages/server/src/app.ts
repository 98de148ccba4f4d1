import 'reflect-metadata';
import { createAuditCsvHandler } from './audit/audit-csv.js';
import { createCalendarFeedHandler } from './calendar/calendar-feed-route.js';
import { createMetrics } from './metrics/metrics.js';
import { readDatabaseFigures } from './metrics/database-figures.js';
import { requestPoolStats } from './db/connection-pools.js';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CompiledQuery } from 'graphql-jit';
import type { Config } from './config/config.js';
import { AccountPlacer } from './db/account-placement.js';
import { citusOf } from './db/citus.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres.js';
import { warnAboutLoginRole } from './db/login-role.js';
import { migrateDatabase } from './db/migrate.js';
import { migrateAccountSchemas } from './db/account-migration-run.js';
import { accountSchemasOf } from './db/account-schemas.js';
import { SpareSchemaKeeper } from './db/spare-account-schemas.js';
import type { Orm } from './db/orm.js';
import { createOrm } from './entities.js';
import { loadSigningKeys } from './auth/signing-keys.js';
import { createInvoicePdfHandler } from './billing/invoice-download.js';
import { createFileDownloadHandler } from './files/file-download.js';
import { createExportDownloadHandler } from './exports/export-download.js';
import { createPersonDataHandler } from './privacy/person-data-download.js';
import { createPackageDownloadHandler } from './accountpackage/package-download.js';
import { createPackageImportHandler, createPackageImportStatusHandler } from './accountpackage/package-import-route.js';
import { createFileUploadHandler } from './files/file-upload.js';
import { createFileStorage } from './files/storage/create-file-storage.js';
import type { FileStorage } from './files/storage/file-storage.js';
import { startBillingSchedule } from './billing/invoice-run.js';
import type { RequestContext } from './request/context.js';
import { createRequestContext, finishRequestContext } from './request/request-lifecycle.js';
import { createGraphQLServer } from './graphql/graphql-server.js';
import type { KnownOperationShortcut } from './graphql/known-operation-shortcut.js';
import { CompiledQueryCache } from './graphql/compiled-query-cache.js';
import { checkDatabase } from './health/database-health.js';
import { handleGraphQL } from './http/apollo-handler.js';
import { closeHttpServer, createHttpServer } from './http/http-server.js';
import { createStaticHandler } from './http/static-files.js';
import type { Logger } from './logging/logger.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';
import { startJobQueue, type JobQueue } from './jobs/job-queue.js';
import { createJobSender, type JobSender } from './jobs/job-sender.js';
import { createImportUploadHandler } from './imports/import-upload.js';
import { createImportFailuresHandler } from './imports/import-failures.js';
import { redirectBrowserToPlayground } from './playground/playground-redirect.js';
import { createMailer } from './mail/mailer.js';
import { version } from './version.js';

export interface App {
  url: string;
  orm: Orm;
  /** The operations compiled for reuse (tests read its size). */
  compiledQueries: CompiledQueryCache<CompiledQuery>;
  /** The way past Apollo's pipeline for operations it has run before (tests watch what it answers). */
  shortcut: KnownOperationShortcut;
  /** Keeps the reserve of spare account schemas full, from a timer (tests that count statements stop it first). */
  spareSchemas: SpareSchemaKeeper;
  /** Stops accepting, finishes requests in flight, closes the pool, stops the embedded database. */
  close(): Promise<void>;
}

/** Starts everything one Kontor process serves; `main.ts` adds signals, tests call it directly. */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  let embedded: EmbeddedPostgres | undefined;
  let orm: Orm | undefined;
  let webhookWorker: WebhookWorker | undefined;
  let jobQueue: JobQueue | undefined;
  let jobs: JobSender | undefined;
  let placer: AccountPlacer | undefined;
  let fileStorage: FileStorage | undefined;
  try {
    let databaseUrl = config.databaseUrl;
    if (databaseUrl === undefined) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, logger: logger.child({ component: 'postgres' }) });
      databaseUrl = embedded.url;
    }
    orm = await createOrm(databaseUrl, { logger: logger.child({ component: 'db' }), pools: config.database, logQueries: config.logLevel === 'debug' });
    await warnAboutLoginRole(orm, logger);
    const { behind } = await migrateDatabase(orm, logger);
    const readyOrm = orm;
    const keys = await loadSigningKeys({ privateKeyPem: config.tokenPrivateKeyPem, dataDir: config.dataDir });
    const mailer = createMailer(config, logger.child({ component: 'mail' }));
    jobs = createJobSender(databaseUrl, logger.child({ component: 'jobs' }));
    const contextDeps = { orm: readyOrm, config, keys, logger, mailer, jobs };
    fileStorage = createFileStorage(config.files);
    const fileRoutes = { orm: readyOrm, keys, config, logger, storage: fileStorage };

    const metrics = config.metricsToken ? createMetrics({ token: config.metricsToken, pool: () => requestPoolStats(readyOrm), database: () => readDatabaseFigures(readyOrm) }) : undefined;
    const { apollo, shortcut, compiledQueries } = await createGraphQLServer(config, logger, metrics);
    await apollo.start();

    const server = createHttpServer(
      {
        graphql: async (req, res) => {
          if (redirectBrowserToPlayground(req, res)) return;
          let context: RequestContext | undefined;
          try {
            await handleGraphQL(apollo, req, res, async () => (context = await createRequestContext(contextDeps, req, res)), shortcut);
          } finally {
            // Normally committed already (settleResponse); this only rolls back a request that broke off.
            await finishRequestContext(context, false);
          }
        },
        health: async (_req, res) => {
          const { ok, latencyMs, error } = await checkDatabase(readyOrm);
          // Anyone may ask: the answer says whether the database is up, the reason goes to the log only.
          if (error) logger.warn('health check: database unavailable', { error, latencyMs });
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', version, database: { ok, latencyMs } }));
        },
        static: createStaticHandler(config.webDistDir),
        invoicePdf: createInvoicePdfHandler({ orm: readyOrm, keys, billing: config.billing, logger }),
        importUpload: createImportUploadHandler({ orm: readyOrm, keys, config, logger, jobs }),
        importFailures: createImportFailuresHandler({ orm: readyOrm, keys, config, logger }),
        fileUpload: createFileUploadHandler(fileRoutes),
        fileDownload: createFileDownloadHandler(fileRoutes),
        exportDownload: createExportDownloadHandler({ orm: readyOrm, keys, config, logger }),
        personData: createPersonDataHandler({ orm: readyOrm, keys, config, logger }),
        packageDownload: createPackageDownloadHandler(fileRoutes),
        packageImport: createPackageImportHandler({ ...fileRoutes, jobs }),
        packageImportStatus: createPackageImportStatusHandler(fileRoutes),
        auditCsv: createAuditCsvHandler({ orm: readyOrm, keys, config, logger }),
        calendarFeed: createCalendarFeedHandler({ orm: readyOrm, publicUrl: config.publicUrl }),
        metrics: metrics?.handler,
      },
      logger,
      { httpsOnly: config.publicUrl.startsWith('https://'), ...config.requestTimeouts },
    );
    // Started before listening: once requests are accepted, their webhook deliveries are being worked off.
    webhookWorker = config.webhooks.worker ? new WebhookWorker(readyOrm, databaseUrl, config.webhooks, logger.child({ component: 'webhooks' })) : undefined;
    if (webhookWorker && metrics) webhookWorker.onOutcome = metrics.webhookOutcome;
    await webhookWorker?.start();
    jobQueue = config.cleanup.jobWorker
      ? await startJobQueue({ databaseUrl, orm: readyOrm, cleanup: config.cleanup, logger: logger.child({ component: 'jobs' }), fileStorage, mailer, publicUrl: config.publicUrl })
      : undefined;
    await listen(server, config.port, config.host);
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}`;
    const citus = await citusOf(readyOrm.em.fork());
    placer = citus ? new AccountPlacer(databaseUrl, logger.child({ component: 'citus' })) : undefined;
    placer?.start();
    logger.info(citus ? `Kontor is listening, on Citus ${citus.version} with ${citus.workers} workers` : 'Kontor is listening', {
      url,
      database: embedded ? 'embedded' : 'external',
      ...(citus ? { citus } : {}),
    });
    // Serving already: an account whose schema is behind is migrated on its first request, the rest here.
    let closingAccountMigrations = false;
    const accountMigrations =
      config.accountMigrationWorker && behind.length > 0
        ? migrateAccountSchemas(accountSchemasOf(readyOrm), behind, {
            concurrency: config.database.accountMigrationConcurrency ?? 4,
            logger: logger.child({ component: 'account-migrations' }),
            stopped: () => closingAccountMigrations,
          }).catch((error: unknown) => logger.error('account schema migration run failed', { error }))
        : undefined;
    const spareSchemas = new SpareSchemaKeeper(readyOrm, config.spareAccountSchemas, logger.child({ component: 'spare-account-schemas' }));
    if (config.spareAccountSchemas > 0) spareSchemas.start();
    const stopBillingSchedule = config.billing.scheduleEnabled
      ? startBillingSchedule({
          orm: readyOrm,
          billing: config.billing,
          logger: logger.child({ component: 'billing' }),
          sendMail: (mail) => mailer.send(readyOrm.em.fork(), mail),
        })
      : async () => {};

    let closing: Promise<void> | undefined;
    return {
      url,
      orm: readyOrm,
      compiledQueries,
      shortcut,
      spareSchemas,
      close: () =>
        (closing ??= (async () => {
          await stopBillingSchedule();
          await closeHttpServer(server);
          closingAccountMigrations = true;
          await accountMigrations;
          await spareSchemas.stop();
          await webhookWorker?.stop();
          await jobQueue?.stop();
          await jobs?.stop();
          await placer?.stop();
          await apollo.stop();
          await mailer.close();
          await fileStorage?.close();
          await readyOrm.close(true);
          await embedded?.stop();
        })()),
    };
  } catch (error) {
    await fileStorage?.close().catch(() => undefined);
    await webhookWorker?.stop().catch(() => undefined);
    await jobQueue?.stop().catch(() => undefined);
    await jobs?.stop().catch(() => undefined);
    await placer?.stop().catch(() => undefined);
    await orm?.close(true).catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
