import 'reflect-metadata';
import { runRetentionCleanup } from '../cleanup/retention-cleanup.js';
import { loadConfigOrExit } from '../config/config.js';
import { createFileStorage } from '../files/storage/create-file-storage.js';
import { createLogger } from '../logging/logger.js';
import { openScriptDatabase } from './script-database.js';

/**
 * `pnpm cleanup:run`: the retention clean-up the servers run on
 * KONTOR_CLEANUP_SCHEDULE, once, now (KONTOR_RETENTION_DAYS applies). Safe
 * beside running servers: a second clean-up at the same time only finds
 * less to delete.
 */
async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, { service: 'kontor-cleanup-run' });
  const { orm, close } = await openScriptDatabase(config, logger);
  const fileStorage = createFileStorage(config.files);
  try {
    const result = await runRetentionCleanup(orm, { retentionDays: config.cleanup.retentionDays, fileStorage }, logger);
    process.stdout.write(
      `deleted ${result.sessions} ended session(s), ${result.rateLimits} rate-limit counter(s), ${result.passkeyChallenges} expired passkey challenge(s), ${result.outboxMails} outbox mail(s) ` +
        `, ${result.webhookDeliveries} finished webhook deliver${result.webhookDeliveries === 1 ? 'y' : 'ies'} ` +
        `and the stored bytes of ${result.files} deleted file(s)` +
        (result.accountsSkipped > 0 ? ` (${result.accountsSkipped} account(s) skipped, see the log)` : '') +
        '\n',
    );
    return result.accountsSkipped > 0 ? 1 : 0;
  } finally {
    await fileStorage.close();
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`clean-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
