import type { EntityManager } from '@mikro-orm/postgresql';
import type { RateLimitRule } from '../config/config.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { MailNotSentError, type Mailer } from '../mail/mailer.js';
import { claimLink, issueLink, sentToCurrentAddress, type LinkRefusals } from './login-links.js';
import { utcMinute } from '../mail/mail-text.js';
import { consumeRateLimit } from './rate-limit.js';
import { User } from './user.entity.js';

/**
 * E-mail verification: proof that a login receives mail at its address.
 * Until then the address is only a claim, so whatever an address grants
 * (invitations sent to it, mail sent in its name) waits for the proof.
 */

export const verificationLifetimeHours = 48;

export interface VerificationMailDeps {
  mailer: Mailer;
  /** KONTOR_PUBLIC_URL: the link is `${publicUrl}/verify-email/<token>`. */
  publicUrl: string;
  /** How many verification mails a user may ask for again. */
  mailLimit: RateLimitRule;
}

export const verificationLink = (publicUrl: string, token: string) => `${publicUrl}/verify-email/${token}`;

/**
 * A new link for the user's current address, mailed inside the caller's
 * transaction. Every unused older link of the user stops working, so only the
 * newest mail counts. Call it again when the address changes: a link names
 * the address it was sent to and only verifies that one.
 */
export async function sendVerificationMail(em: EntityManager, deps: VerificationMailDeps, user: Pick<User, 'id' | 'email' | 'name'>): Promise<void> {
  const { token, expiresAt } = await issueLink(em, { userId: user.id, email: user.email, purpose: 'verify-email', lifetimeHours: verificationLifetimeHours });
  // The outbox keeps it for no account (accountId unset): no owner may read someone else's link, and neither may the user.
  await deps.mailer.send(em, {
    to: user.email,
    subject: 'Confirm your e-mail address for Kontor',
    text: [
      `Hello ${user.name},`,
      '',
      'please confirm that this is your e-mail address for Kontor:',
      '',
      verificationLink(deps.publicUrl, token),
      '',
      `The link works once and until ${utcMinute(expiresAt)} UTC. If you did not sign up for Kontor, ignore this mail.`,
    ].join('\n'),
  });
}

/**
 * The mail of a new sign-up, sent after the login has been created. A mail
 * server that does not take it does not undo the sign-up: the user is told
 * to confirm and can ask for the link again (resendVerificationEmail).
 */
export async function sendVerificationAfterSignUp(globalEm: EntityManager, deps: VerificationMailDeps, user: User): Promise<void> {
  try {
    await globalEm.fork().transactional((em) => sendVerificationMail(em, deps, user));
  } catch (error) {
    if (!(error instanceof MailNotSentError)) throw error;
  }
}

/** resendVerificationEmail: a fresh link for a signed-in user whose address is not verified yet, a few per hour. */
export async function resendVerificationMail(globalEm: EntityManager, deps: VerificationMailDeps, userId: string): Promise<void> {
  const user = await globalEm.fork().findOneOrFail(User, userId);
  if (user.emailVerified) throw new KontorError(ErrorCode.CONFLICT, 'Your e-mail address is confirmed already.');
  await consumeRateLimit(globalEm.fork(), `verification-mail:user:${userId}`, deps.mailLimit, 'verification mails');
  await globalEm.fork().transactional((em) => sendVerificationMail(em, deps, user));
}

const verificationRefusals: LinkRefusals = {
  invalid: { code: ErrorCode.VERIFICATION_LINK_INVALID, message: 'This confirmation link is not valid. If you asked for a new mail, use the link in the newest one.' },
  used: { code: ErrorCode.VERIFICATION_LINK_USED, message: 'This confirmation link has been used already.' },
  expired: { code: ErrorCode.VERIFICATION_LINK_EXPIRED, message: 'This confirmation link has expired. Log in and ask for a new one.' },
};

/** verifyEmail: whoever holds the link received the mail, so no log-in is needed. Two clicks at once verify once (claimLink). */
export async function verifyEmail(globalEm: EntityManager, token: string): Promise<User> {
  const userId = await globalEm.fork().transactional(async (em) => {
    const link = await claimLink(em, 'verify-email', token, verificationRefusals);
    if (!sentToCurrentAddress(link)) {
      throw new KontorError(ErrorCode.VERIFICATION_LINK_INVALID, 'This confirmation link was sent to an address the login no longer has.');
    }
    await markEmailVerified(em, link.userId);
    return link.userId;
  });
  return globalEm.fork().findOneOrFail(User, userId);
}

/** Records the proof of the address (kept from the first time). Also called when an invitation is accepted through its mailed link. */
export async function markEmailVerified(em: EntityManager, userId: string): Promise<void> {
  await em.execute(`update app_user set email_verified_at = coalesce(email_verified_at, now()) where id = ?`, [userId]);
}

/**
 * The one check of everything that needs a verified address: accepting an
 * invitation by its ID, creating an account beyond the one of the sign-up,
 * inviting people. `what` completes "… needs a confirmed e-mail address".
 */
export async function requireVerifiedEmail(em: EntityManager, userId: string, what: string): Promise<void> {
  const [row] = await em.execute<{ verified: boolean }[]>(`select email_verified_at is not null as verified from app_user where id = ?`, [userId]);
  assertEmailVerified(Boolean(row?.verified), what);
}

/** `requireVerifiedEmail` for a user already read. */
export function assertEmailVerified(verified: boolean, what: string): void {
  if (!verified) {
    throw new KontorError(
      ErrorCode.EMAIL_NOT_VERIFIED,
      `${what} needs a confirmed e-mail address. Open the link in the mail we sent you, or ask for a new one.`,
    );
  }
}
