import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../accounts/roles.js';
import { MailNotSentError } from '../mail/mailer.js';
import { renderInvoicePdf } from './invoice-pdf.js';
import { formatCents, invoiceById, type InvoiceRecord } from './invoice-records.js';
import type { BillingConfig } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';
import type { SendMail } from './invoice-mail.js';

/** What a billing run works with (invoice-run.ts), and delivering its invoices. */
export interface BillingDeps {
  orm: Orm;
  billing: BillingConfig;
  logger: Logger;
  /** The mailer; without it invoices are issued and wait for delivery. */
  sendMail?: SendMail | undefined;
}

/** Delivery gives up on an invoice after this many failed attempts (it stays downloadable). */
export const maxInvoiceDeliveryAttempts = 10;

/**
 * E-mails every issued invoice not sent yet to its account's invoice
 * recipient (the owner when none is set). Runs under the billing run's lock,
 * so two processes never send one invoice twice.
 */
export async function deliverPendingInvoices(deps: BillingDeps, now: Date): Promise<number> {
  const em = deps.orm.em.fork();
  const pending = await em.execute<{ id: string; recipient: string | null }[]>(
    `select i.id, coalesce(s.invoice_email, owner.email) as recipient
     from invoice i
     left join invoice_delivery d on d.invoice_id = i.id
     left join subscription s on s.account_id = i.account_id
     left join lateral (select u.email from membership m join app_user u on u.id = m.user_id
                        where m.account_id = i.account_id and m.role = ? order by m.created_at limit 1) owner on true
     where d.sent_at is null and coalesce(d.attempts, 0) < ?
     order by i.number`,
    [Role.OWNER, maxInvoiceDeliveryAttempts],
  );
  if (pending.length === 0) return 0;
  if (!deps.sendMail) {
    deps.logger.warn('invoices await e-mail delivery: no mailer is configured', { count: pending.length });
    return 0;
  }
  let sent = 0;
  for (const { id, recipient } of pending) {
    const invoice = (await invoiceById(em, id))!;
    try {
      if (!recipient) throw new Error('the account has neither an invoice recipient nor an owner');
      const pdf = await renderInvoicePdf(invoice, deps.billing.issuerLines, { compress: true });
      await deps.sendMail({
        to: recipient,
        subject: `Invoice ${invoice.number} for ${invoice.billedTo.accountName}`,
        text: mailText(invoice),
        accountId: invoice.accountId,
        attachments: [{ filename: `${invoice.number}.pdf`, content: pdf, contentType: 'application/pdf' }],
      });
      await recordAttempt(em, id, recipient, now, null);
      sent++;
    } catch (error) {
      deps.logger.warn('could not e-mail an invoice', { invoice: invoice.number, error });
      const reason = error instanceof MailNotSentError ? error.reason : error instanceof Error ? error.message : String(error);
      await recordAttempt(em, id, recipient ?? '', now, reason);
    }
  }
  return sent;
}

function mailText(invoice: InvoiceRecord): string {
  return [
    'Hello,',
    '',
    `attached is invoice ${invoice.number} for the Kontor account "${invoice.billedTo.accountName}", billing period ${invoice.period}.`,
    `Total: ${formatCents(invoice.grossCents)} ${invoice.currency}, due on ${invoice.dueDate}.`,
    '',
    'Owners and co-owners can download all invoices under Account settings → Billing.',
  ].join('\n');
}

async function recordAttempt(em: EntityManager, invoiceId: string, recipient: string, now: Date, error: string | null): Promise<void> {
  await em.execute(
    `insert into invoice_delivery (invoice_id, recipient, attempts, sent_at, last_error, updated_at) values (?, ?, 1, ?, ?, ?)
     on conflict (invoice_id) do update set recipient = excluded.recipient, attempts = invoice_delivery.attempts + 1,
       sent_at = excluded.sent_at, last_error = excluded.last_error, updated_at = excluded.updated_at`,
    [invoiceId, recipient, error === null ? now : null, error, now],
  );
}
