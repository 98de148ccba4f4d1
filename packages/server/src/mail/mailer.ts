import type { EntityManager } from '@mikro-orm/postgresql';
import nodemailer from 'nodemailer';
import type { Config } from '../config/config.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { OutboxMail } from './outbox-mail.entity.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The account the mail is about: its owners and co-owners can read it in the outbox. */
  accountId?: string;
  /** Files sent along over SMTP; the outbox keeps only their names (e.g. an invoice PDF, downloadable anyway). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** The one way Kontor sends mail. */
export interface Mailer {
  /** `smtp` when an SMTP server is configured, `outbox` otherwise. */
  readonly transport: 'smtp' | 'outbox';
  /**
   * Sends a mail, or keeps it in the outbox. Call it inside the transaction
   * of the change the mail announces (`em`): an outbox row then commits or
   * rolls back with that change, and a failed SMTP delivery fails the change
   * (MailNotSentError, MAIL_NOT_SENT), so nobody is left with an invitation
   * whose link never arrived.
   */
  send(em: EntityManager, mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, logger: Logger): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom, logger) : outboxMailer(logger);
}

function smtpMailer(smtpUrl: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport(smtpUrl, { from });
  return {
    transport: 'smtp',
    async send(_em, mail) {
      let info: { messageId: string };
      try {
        info = await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
      } catch (error) {
        logger.warn('the mail server did not take a mail', { to: mail.to, subject: mail.subject, error });
        throw new MailNotSentError(error instanceof Error ? error.message : String(error));
      }
      logger.info('mail sent', { to: mail.to, subject: mail.subject, messageId: info.messageId });
    },
    async close() {
      transport.close();
    },
  };
}

function outboxMailer(logger: Logger): Mailer {
  return {
    transport: 'outbox',
    async send(em, mail) {
      const attached = (mail.attachments ?? []).map((file) => `\n[attachment: ${file.filename}]`).join('');
      em.create(OutboxMail, { to: mail.to, subject: mail.subject, text: mail.text + attached, accountId: mail.accountId });
      await em.flush();
      // Without a mail server the log is where an operator finds the link.
      logger.info('mail kept in the outbox (no SMTP_URL configured)', { to: mail.to, subject: mail.subject, text: mail.text });
    },
    async close() {},
  };
}

/**
 * The mail server did not take a mail. The client learns only that (the
 * mail server's answer may name internal hosts); `reason` keeps it for the
 * log and for the invoice delivery's record of attempts.
 */
export class MailNotSentError extends KontorError {
  constructor(readonly reason: string) {
    super(ErrorCode.MAIL_NOT_SENT, 'The e-mail could not be sent, so nothing was changed. Please try again in a few minutes.');
  }
}
