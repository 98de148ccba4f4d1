import type { EntityManager } from '@mikro-orm/postgresql';
import type { RateLimitRule } from '../config/config.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { isEmailAddress } from '../mail/email-address.js';
import { MailNotSentError } from '../mail/mailer.js';
import { utcMinute } from '../mail/mail-text.js';
import { markEmailVerified } from './email-verification.service.js';
import { claimLink, issueLink, sentToCurrentAddress, type LinkRefusals } from './login-links.js';
import { hashPassword, validatePassword } from './password.js';
import { consumeRateLimits } from './rate-limit.js';
import { mailSecurityNotice, type LoginMailDeps } from './security-notice.js';
import { revokeOtherSessions } from './session.service.js';
import { User } from './user.entity.js';
import { SecurityEventKind } from '../security/security-event-kind.js';
import { findUserByEmail } from './users.js';

/**
 * "Forgot your password?": a link mailed to the login's address, valid for
 * an hour and once, that sets a new password. Asking answers the same
 * whether the address has a login or not, so nobody learns which addresses
 * do; asking is limited per address and per client, so nobody floods an
 * inbox. The new password ends every session of the login (whoever knew the
 * old one is out) and the login is told by mail. A second factor stays on:
 * the mailbox alone never opens a login that has one.
 */

export const resetLifetimeHours = 1;
export const resetLink = (publicUrl: string, token: string) => `${publicUrl}/reset-password/${token}`;

export interface PasswordResetLimits {
  perEmail: RateLimitRule;
  perClient: RateLimitRule;
}

export async function requestPasswordReset(
  globalEm: EntityManager,
  deps: LoginMailDeps & { logger: Logger },
  limits: PasswordResetLimits,
  rawEmail: string,
  client: string,
): Promise<void> {
  const perClient = { key: `password-reset:client:${client}`, rule: limits.perClient, what: 'password reset requests' };
  const email = rawEmail.trim();
  if (!isEmailAddress(email)) return consumeRateLimits(globalEm.fork(), [perClient]);
  // Counted per address whether it has a login or not: the limit itself reveals nothing. After the client's, in one round trip.
  await consumeRateLimits(globalEm.fork(), [perClient, { key: `password-reset:email:${email.toLowerCase()}`, rule: limits.perEmail, what: 'password reset requests' }]);
  const user = await findUserByEmail(globalEm.fork(), email);
  if (!user) return;
  try {
    await globalEm.fork().transactional(async (em) => {
      const { token, expiresAt } = await issueLink(em, { userId: user.id, email: user.email, purpose: 'reset-password', lifetimeHours: resetLifetimeHours });
      await deps.mailer.send(em, {
        to: user.email,
        subject: 'Reset your Kontor password',
        text: [
          `Hello ${user.name},`,
          '',
          'someone (hopefully you) asked to reset the password of your Kontor login. Choose a new one here:',
          '',
          resetLink(deps.publicUrl, token),
          '',
          `The link works once and until ${utcMinute(expiresAt)} UTC. If you did not ask for it, ignore this mail: your password stays as it is.`,
        ].join('\n'),
      });
    });
  } catch (error) {
    // The answer must not differ for known addresses: the failure goes to the log, and the user may ask again.
    if (!(error instanceof MailNotSentError)) throw error;
    deps.logger.warn('the password reset mail was not sent', { userId: user.id });
  }
}

const resetRefusals: LinkRefusals = {
  invalid: { code: ErrorCode.RESET_LINK_INVALID, message: 'This password reset link is not valid. If you asked more than once, use the link in the newest mail.' },
  used: { code: ErrorCode.RESET_LINK_USED, message: 'This password reset link has been used already.' },
  expired: { code: ErrorCode.RESET_LINK_EXPIRED, message: 'This password reset link has expired (after an hour). Ask for a new one.' },
};

/** Sets the new password through a reset link; ends every session of the login and tells it by mail. */
export async function resetPassword(globalEm: EntityManager, deps: LoginMailDeps, token: string, password: string): Promise<void> {
  validatePassword(password);
  const passwordHash = await hashPassword(password);
  await globalEm.fork().transactional(async (em) => {
    const link = await claimLink(em, 'reset-password', token, resetRefusals);
    if (!sentToCurrentAddress(link)) throw new KontorError(ErrorCode.RESET_LINK_INVALID, 'This password reset link was sent to an address the login no longer has.');
    await em.execute(`update app_user set password_hash = ? where id = ?`, [passwordHash, link.userId]);
    await revokeOtherSessions(em, link.userId, undefined, 'password reset');
    // The link was opened from the mailbox: that proves the address as a verification link would.
    await markEmailVerified(em, link.userId);
    const user = await em.findOneOrFail(User, link.userId);
    await mailSecurityNotice(em, deps.mailer, user, { kind: SecurityEventKind.PASSWORD_RESET, subject: 'Your Kontor password was reset', what: 'The password of your Kontor login was reset through the link we mailed you, and every session was logged out' });
  });
}
