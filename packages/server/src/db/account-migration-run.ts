import cliProgress from 'cli-progress';
import pLimit from 'p-limit';
import type { Logger } from '../logging/logger.js';
import type { AccountSchemas } from './account-schemas.js';

export interface AccountMigrationRunOptions {
  /** Accounts migrated at once (each on a connection of the migration pool). */
  concurrency: number;
  logger: Logger;
  /** A progress bar on stdout (the offline command on a terminal); progress lines in the log otherwise. */
  progressBar?: boolean;
  /** Asked before each account: true stops the run (the server is shutting down). What is done stays done. */
  stopped?: () => boolean;
  /** How often a progress line is logged. */
  logEveryMs?: number;
}

export interface AccountMigrationRunSummary {
  total: number;
  migrated: number;
  /** Already current when reached (migrated meanwhile by a request or another process). */
  current: number;
  /** Deleted meanwhile. */
  gone: number;
  /** Accounts whose migration failed: their schemas are as they were, and they are tried again on access. */
  failed: string[];
  /** Accounts not reached because the run was stopped. */
  notReached: number;
  seconds: number;
}

/**
 * Brings many account schemas to the latest version, `concurrency` at a
 * time, each in its own transaction (account-schemas.ts), reporting progress.
 * Safe to stop or kill at any moment and to run again, beside running
 * servers and beside another run: a run only ever finds what is still behind.
 */
export async function migrateAccountSchemas(schemas: AccountSchemas, accountIds: string[], options: AccountMigrationRunOptions): Promise<AccountMigrationRunSummary> {
  const { logger, stopped = () => false } = options;
  const started = performance.now();
  const summary: AccountMigrationRunSummary = { total: accountIds.length, migrated: 0, current: 0, gone: 0, failed: [], notReached: 0, seconds: 0 };
  const progress = startProgress(summary, options);
  const limit = pLimit(Math.max(1, options.concurrency));
  await Promise.all(
    accountIds.map((accountId) =>
      limit(async () => {
        if (stopped()) {
          summary.notReached++;
          return;
        }
        try {
          const outcome = await schemas.bringUp(accountId);
          if (outcome.kind === 'migrated') summary.migrated++;
          else if (outcome.kind === 'current') summary.current++;
          else summary.gone++;
        } catch (error) {
          summary.failed.push(accountId);
          logger.error('an account schema could not be migrated; it stays as it was', { accountId, error });
        }
        progress.tick();
      }),
    ),
  );
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  progress.stop();
  logger.info('account schemas migrated', { ...summary, failed: summary.failed.length, failedAccounts: summary.failed.slice(0, 20) });
  return summary;
}

function startProgress(summary: AccountMigrationRunSummary, options: AccountMigrationRunOptions): { tick(): void; stop(): void } {
  const done = () => summary.migrated + summary.current + summary.gone + summary.failed.length;
  if (options.progressBar) {
    const bar = new cliProgress.SingleBar(
      { format: 'account schemas {bar} {value}/{total} | {eta_formatted} left | {failed} failed', hideCursor: true, etaBuffer: 200 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(summary.total, 0, { failed: 0 });
    return { tick: () => bar.update(done(), { failed: summary.failed.length }), stop: () => bar.stop() };
  }
  const started = performance.now();
  const every = options.logEveryMs ?? 5_000;
  let lastLine = started;
  return {
    tick: () => {
      const now = performance.now();
      if (now - lastLine < every) return;
      lastLine = now;
      const count = done();
      const perSecond = count / ((now - started) / 1000);
      options.logger.info('migrating account schemas', {
        done: count,
        total: summary.total,
        failed: summary.failed.length,
        perSecond: Math.round(perSecond * 10) / 10,
        etaSeconds: Math.round((summary.total - count) / perSecond),
      });
    },
    stop: () => undefined,
  };
}
