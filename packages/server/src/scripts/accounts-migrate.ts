import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config/config.js';
import { migrateAccountSchemas } from '../db/account-migration-run.js';
import { accountSchemasOf } from '../db/account-schemas.js';
import { createLogger } from '../logging/logger.js';
import { openScriptDatabase } from './script-database.js';

/**
 * `pnpm accounts:migrate [--concurrency 4]`: migrates the global schema, then
 * every account schema that is behind, `--concurrency` at a time
 * (KONTOR_ACCOUNT_MIGRATION_CONCURRENCY by default), with a progress bar on a
 * terminal and progress lines in the log otherwise. Safe beside running
 * servers (they migrate an account on its first request; both wait for each
 * other per account) and safe to interrupt or kill at any moment: each
 * account is migrated and recorded in one transaction, and a second run
 * continues with what is still behind. Exits 1 when an account failed.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { concurrency: { type: 'string' } } });
  const config = loadConfigOrExit();
  const concurrency = values.concurrency === undefined ? (config.database.accountMigrationConcurrency ?? 4) : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    process.stderr.write(`--concurrency must be a whole number of at least 1 (got "${values.concurrency}")\n`);
    return 2;
  }
  const logger = createLogger(config.logLevel, { service: 'kontor-accounts-migrate' });
  const { orm, state, close } = await openScriptDatabase({ ...config, database: { ...config.database, accountMigrationConcurrency: concurrency } }, logger);
  let stopping = false;
  // Ctrl-C: finish the accounts in progress, start no more (killing is safe too, just less tidy).
  process.on('SIGINT', () => (stopping = true));
  process.on('SIGTERM', () => (stopping = true));
  try {
    const summary = await migrateAccountSchemas(accountSchemasOf(orm), state.behind, {
      concurrency,
      logger,
      progressBar: process.stdout.isTTY,
      stopped: () => stopping,
    });
    process.stdout.write(
      `${state.accounts} account(s): ${summary.migrated} migrated, ${summary.current} already current, ` +
        `${summary.failed.length} failed, ${summary.notReached} not reached, in ${summary.seconds} s\n`,
    );
    return summary.failed.length > 0 || summary.notReached > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`account migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
