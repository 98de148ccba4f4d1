import 'reflect-metadata';
import { runBillingMonth } from '../billing/invoice-run.js';
import { formatBillingMonth, monthOf, parseBillingMonth, previousMonth } from '../billing/proration.js';
import { loadConfigOrExit } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import type { OutgoingMail } from '../billing/invoice-mail.js';
import { createMailer } from '../mail/mailer.js';
import { openScriptDatabase } from './script-database.js';

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

async function main(): Promise<number> {
  const month = monthArgument(process.argv.slice(2));
  if (!month) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, { service: 'kontor-billing-run' });
  const { orm, close } = await openScriptDatabase(config, logger);
  try {
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
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`billing run failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
