import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mailer } from '../mail/mailer.js';
import { utcMinute } from '../mail/mail-text.js';

/** What the mails of a login's own flows need: the mailer, and KONTOR_PUBLIC_URL for their links. */
export interface LoginMailDeps {
  mailer: Mailer;
  publicUrl: string;
}

/**
 * Tells a login that something about its security changed (password,
 * address, second factor), so an owner who did not do it finds out. Sent in
 * the change's transaction: kept for no account (no owner reads it), and a
 * mail server that refuses it fails the change (MAIL_NOT_SENT).
 */
export async function mailSecurityNotice(
  em: EntityManager,
  mailer: Mailer,
  to: { email: string; name: string },
  notice: { subject: string; what: string },
): Promise<void> {
  await mailer.send(em, {
    to: to.email,
    subject: notice.subject,
    text: [
      `Hello ${to.name},`,
      '',
      `${notice.what} (${utcMinute(new Date())} UTC).`,
      '',
      'If this was you, there is nothing to do. If it was not, reset your password at once ("Forgot your password?" on the log-in page) and turn on two-factor authentication on your profile.',
    ].join('\n'),
  });
}
