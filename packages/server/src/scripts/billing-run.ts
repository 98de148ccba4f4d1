import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runBillingMonth } from '../billing/invoice-run.js';
import { formatBillingMonth, monthOf, parseBillingMonth, previousMonth } from '../billing/proration.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrateDatabase } from '../db/migrate.js';
import { createOrm } from '../db/orm.js';
import { createLogger } from '../logging/logger.js';
import type { OutgoingMail } from '../billing/invoice-mail.js';
import { createMailer } from '../mail/mailer.js';

/**
 * `pnpm billing:run [--month YYYY-MM]`: issues every account's invoice for a
 * finished month (default: last month) and e-mails what is pending. Safe to
 * repeat and to run beside the servers' daily schedule: it waits for the
 * run lock, and invoices that exist are not issued again.
 */
const usage = 'usage: pnpm billing:run [--month YYYY-MM]   (default: last month)';

function monthArgument(argv: string[]) {
  const index = argv.indexOf('--month');
  const inline = argv.find((arg) => arg.startsWith('--month='));
  const raw = inline ? inline.slice('--month='.length) : index >= 0 ? argv[index + 1] : undefined;
  if (raw === undefined) return index >= 0 ? undefined : previousMonth(monthOf(new Date()));
  return parseBillingMonth(raw);
}

/** The embedded PostgreSQL that `npm start` runs, when it is running: stopping it would take the server down. */
function runningEmbeddedUrl(dataDir: string): string | undefined {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
  } catch {
    return undefined;
  }
  const password = readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
  // Same user and database as db/embedded-postgres.ts creates.
  return `postgres://kontor:${encodeURIComponent(password)}@127.0.0.1:${lines[3]!.trim()}/kontor`;
}

async function main(): Promise<number> {
  const month = monthArgument(process.argv.slice(2));
  if (!month) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, { service: 'kontor-billing-run' });
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl ?? runningEmbeddedUrl(config.dataDir);
  if (url === undefined) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, logger: logger.child({ component: 'postgres' }) });
    url = embedded.url;
  }
  const orm = await createOrm(url);
  try {
    await migrateDatabase(orm, logger);
    // The command sends invoice mails as the server does: SMTP_URL, or the outbox.
    const mailer = createMailer(config, logger.child({ component: 'mail' }));
    const sendMail = (mail: OutgoingMail) => mailer.send(orm.em.fork(), mail);
    const result = await runBillingMonth({ orm, billing: config.billing, logger, sendMail }, month, { wait: true }).finally(() => mailer.close());
    process.stdout.write(
      `${formatBillingMonth(month)}: ${result.issued.length} invoice(s) issued` +
        (result.issued.length > 0 ? ` (${result.issued[0]!.number} to ${result.issued.at(-1)!.number})` : '') +
        '\n',
    );
    return 0;
  } finally {
    await orm.close(true);
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`billing run failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
