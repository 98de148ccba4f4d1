import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RateLimitRule } from '../config/config.js';
import { claimLink, issueLink, type LinkRefusals } from '../auth/login-links.js';
import { requireCurrentPassword } from '../auth/password-change.service.js';
import { consumeRateLimit } from '../auth/rate-limit.js';
import { mailSecurityNotice, type LoginMailDeps } from '../auth/security-notice.js';
import { User } from '../auth/user.entity.js';
import { findUserByEmail, normaliseEmail } from '../auth/users.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { SecurityEventKind } from '../security/security-event-kind.js';
import { utcMinute } from '../mail/mail-text.js';

/**
 * A new e-mail address for a login: the password proves the person, a link
 * mailed to the new address proves the mailbox, and only then does the
 * address change (already verified). The old address is told, so a login
 * taken over this way does not go unnoticed.
 */

export const emailChangeLifetimeHours = 24;
export const emailChangeLink = (publicUrl: string, token: string) => `${publicUrl}/confirm-email/${token}`;

const takenMessage = 'Another login uses this e-mail address.';

export async function requestEmailChange(
  globalEm: EntityManager,
  deps: LoginMailDeps & { attemptLimit: RateLimitRule; mailLimit: RateLimitRule },
  userId: string,
  rawEmail: string,
  password: string,
): Promise<void> {
  const email = normaliseEmail(rawEmail);
  const user = await requireCurrentPassword(globalEm.fork(), deps.attemptLimit, userId, password);
  if (email.toLowerCase() === user.email.toLowerCase()) throw new KontorError(ErrorCode.BAD_USER_INPUT, 'This is your current e-mail address.', { field: 'email' });
  if (await findUserByEmail(globalEm.fork(), email)) throw new KontorError(ErrorCode.CONFLICT, takenMessage, { field: 'email' });
  await consumeRateLimit(globalEm.fork(), `email-change-mail:user:${userId}`, deps.mailLimit, 'address change mails');
  await globalEm.fork().transactional(async (em) => {
    const { token, expiresAt } = await issueLink(em, { userId, email, purpose: 'change-email', lifetimeHours: emailChangeLifetimeHours });
    await deps.mailer.send(em, {
      to: email,
      subject: 'Confirm your new e-mail address for Kontor',
      text: [
        `Hello ${user.name},`,
        '',
        `please confirm that your Kontor login should use this address from now on, instead of ${user.email}:`,
        '',
        emailChangeLink(deps.publicUrl, token),
        '',
        `The link works once and until ${utcMinute(expiresAt)} UTC. If you did not ask for this, ignore this mail.`,
      ].join('\n'),
    });
  });
}

const changeRefusals: LinkRefusals = {
  invalid: { code: ErrorCode.VERIFICATION_LINK_INVALID, message: 'This confirmation link is not valid. If you asked for a new mail, use the link in the newest one.' },
  used: { code: ErrorCode.VERIFICATION_LINK_USED, message: 'This confirmation link has been used already.' },
  expired: { code: ErrorCode.VERIFICATION_LINK_EXPIRED, message: 'This confirmation link has expired. Ask for the change again on your profile.' },
};

/** confirmEmailChange: the link is the proof (no log-in needed). The old address is told; the new one is verified. */
export async function confirmEmailChange(globalEm: EntityManager, deps: LoginMailDeps, token: string): Promise<User> {
  try {
    const userId = await globalEm.fork().transactional(async (em) => {
      const link = await claimLink(em, 'change-email', token, changeRefusals);
      const taken = await findUserByEmail(em, link.email);
      if (taken && taken.id !== link.userId) throw new KontorError(ErrorCode.CONFLICT, takenMessage);
      const before = await em.findOneOrFail(User, link.userId);
      const old = { id: before.id, email: before.email, name: before.name };
      await em.execute(`update app_user set email = ?, email_verified_at = now() where id = ?`, [link.email, link.userId]);
      // Links sent to the old address (a verification, a reset) no longer prove anything.
      await em.execute(`delete from login_link where user_id = ? and used_at is null`, [link.userId]);
      await mailSecurityNotice(em, deps.mailer, old, {
        kind: SecurityEventKind.EMAIL_CHANGED,
        subject: 'Your Kontor login has a new e-mail address',
        what: `Your Kontor login now uses the address ${link.email} instead of this one`,
      });
      return link.userId;
    });
    return await globalEm.fork().findOneOrFail(User, userId);
  } catch (error) {
    // Another login took the address between the check and the update (the unique index on lower(email)).
    if (error instanceof UniqueConstraintViolationException) throw new KontorError(ErrorCode.CONFLICT, takenMessage);
    throw error;
  }
}
