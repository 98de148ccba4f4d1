import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mailer } from '../mail/mailer.js';
import { utcMinute } from '../mail/mail-text.js';
import { recordSecurityEvent, type EventClient } from '../security/security-events.js';
import type { SecurityEventKind } from '../security/security-event-kind.js';

/** What the mails of a login's own flows need: the mailer, and KONTOR_PUBLIC_URL for their links. */
export interface LoginMailDeps {
  mailer: Mailer;
  publicUrl: string;
}

/**
 * Tells a login that something about its security changed (password,
 * address, second factor, a new browser), so an owner who did not do it
 * finds out, and records it as a security event for the profile's list
 * (security/security-events.ts). Sent in the change's transaction: kept for
 * no account (no owner reads it), and a mail server that refuses it fails
 * the change (MAIL_NOT_SENT).
 */
export async function mailSecurityNotice(
  em: EntityManager,
  mailer: Mailer,
  to: { id: string; email: string; name: string },
  notice: { kind: SecurityEventKind; subject: string; what: string; client?: EventClient },
): Promise<void> {
  await recordSecurityEvent(em, to.id, notice.kind, notice.client);
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
