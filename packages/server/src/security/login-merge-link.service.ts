import type { EntityManager } from '@mikro-orm/postgresql';
import { requireVerifiedEmail } from '../auth/email-verification.service.js';
import { claimLink, issueLink, peekLink, sentToCurrentAddress, type ClaimedLink, type LinkRefusals } from '../auth/login-links.js';
import { requirePasswordSecondFactor, type SecondFactorProof } from '../auth/password-second-factor.js';
import type { PasswordResetLimits } from '../auth/password-reset.service.js';
import { consumeRateLimit } from '../auth/rate-limit.js';
import { User } from '../auth/user.entity.js';
import { findUserByEmail } from '../auth/users.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { isEmailAddress } from '../mail/email-address.js';
import { utcMinute } from '../mail/mail-text.js';
import { MailNotSentError } from '../mail/mailer.js';
import type { TwoFactorDeps } from '../twofactor/two-factor.service.js';
import { lockBothLogins, mergeProvenLogin, sameLogin, type MergedLogin } from './login-merge.service.js';

/**
 * Merging another login (B) into the signed-in one (A) without B's password:
 * A asks for a link mailed to B's address (`/merge-login/<token>`, once, for
 * an hour); the mail names A. The link belongs to A alone: opened by any
 * other login it is refused and stays usable. Opening it in A's session and
 * confirming runs the same merge as mergeLogin after a password
 * (login-merge.service.ts). When B has a second factor, the mailbox alone is
 * not enough, as for a password reset: B's code (or recovery code) or one of
 * B's passkeys must be proven too. Asking answers the same whether B exists
 * or not, and is limited per address and per client as password resets are.
 */

export const mergeLinkLifetimeHours = 1;
export const mergeLink = (publicUrl: string, token: string) => `${publicUrl}/merge-login/${token}`;

const mergeRefusals: LinkRefusals = {
  invalid: { code: ErrorCode.MERGE_LINK_INVALID, message: 'This merge link is not valid. If it was asked for more than once, use the link in the newest mail.' },
  used: { code: ErrorCode.MERGE_LINK_USED, message: 'This merge link has been used already.' },
  expired: { code: ErrorCode.MERGE_LINK_EXPIRED, message: 'This merge link has expired (after an hour). Ask for a new one.' },
};

export async function requestLoginMergeLink(
  globalEm: EntityManager,
  deps: TwoFactorDeps & { logger: Logger },
  limits: PasswordResetLimits,
  callerId: string,
  rawEmail: string,
  client: string,
): Promise<void> {
  await requireVerifiedEmail(globalEm.fork(), callerId, 'Merging another login into yours');
  await consumeRateLimit(globalEm.fork(), `merge-link:client:${client}`, limits.perClient, 'merge link requests');
  const email = rawEmail.trim();
  if (!isEmailAddress(email)) return;
  // Counted per address whether it has a login or not: the limit itself reveals nothing.
  await consumeRateLimit(globalEm.fork(), `merge-link:email:${email.toLowerCase()}`, limits.perEmail, 'merge link requests');
  const caller = await globalEm.fork().findOneOrFail(User, callerId);
  if (caller.email.toLowerCase() === email.toLowerCase()) throw sameLogin();
  const other = await findUserByEmail(globalEm.fork(), email);
  if (!other) return;
  try {
    await globalEm.fork().transactional(async (em) => {
      const link = { userId: other.id, email: other.email, purpose: 'merge-login' as const, lifetimeHours: mergeLinkLifetimeHours, requestedBy: caller.id };
      const { token, expiresAt } = await issueLink(em, link);
      await deps.mailer.send(em, {
        to: other.email,
        subject: 'Merge your Kontor login into another one?',
        text: [
          `Hello ${other.name},`,
          '',
          `the Kontor login ${caller.email} (${caller.name}) asks to take over your login ${other.email}: its accounts would open with ${caller.email}, and ${other.email} could no longer log in.`,
          '',
          `If that is you, open this link while logged in as ${caller.email}:`,
          '',
          mergeLink(deps.publicUrl, token),
          '',
          `The link works once, only for ${caller.email}, and until ${utcMinute(expiresAt)} UTC. If you did not ask for it, ignore this mail: nothing changes.`,
        ].join('\n'),
      });
    });
  } catch (error) {
    // The answer must not differ for known addresses: the failure goes to the log, and the user may ask again.
    if (!(error instanceof MailNotSentError)) throw error;
    deps.logger.warn('the merge link mail was not sent', { userId: other.id });
  }
}

/** The link is for the caller, and still for the login it was mailed to (not retired, same address). */
function checkLink(link: ClaimedLink, callerId: string): ClaimedLink {
  if (link.requestedBy !== callerId) {
    throw new KontorError(ErrorCode.MERGE_LINK_OTHER_LOGIN, 'This merge link was asked for by another login. Log in with the login that asked for it, then open the link again.');
  }
  if (!sentToCurrentAddress(link)) throw new KontorError(ErrorCode.MERGE_LINK_INVALID, 'The login this merge link was mailed to has been retired or has changed its address since.');
  return link;
}

/** What the link would merge, without using it: the address of the login it was mailed to, and until when it works. */
export async function previewMergeLink(globalEm: EntityManager, callerId: string, token: string): Promise<{ email: string; expiresAt: Date }> {
  const link = checkLink(await peekLink(globalEm.fork(), 'merge-login', token, mergeRefusals), callerId);
  return { email: link.currentEmail, expiresAt: link.expiresAt };
}

/**
 * Merges the login the link was mailed to into the caller's, after its second
 * factor when it has one ('confirm': its passkey challenge never logs in).
 * The link is used in the merge's own transaction: a refused merge leaves it usable.
 */
export async function mergeLoginByLink(globalEm: EntityManager, deps: TwoFactorDeps, callerId: string, token: string, secondFactor: SecondFactorProof): Promise<MergedLogin> {
  await requireVerifiedEmail(globalEm.fork(), callerId, 'Merging another login into yours');
  const link = checkLink(await peekLink(globalEm.fork(), 'merge-login', token, mergeRefusals), callerId);
  const other = await globalEm.fork().findOneOrFail(User, link.userId);
  await requirePasswordSecondFactor(globalEm, deps, other, secondFactor, 'confirm');
  return globalEm.fork().transactional(async (em) => {
    // The logins first, as every merge takes them: a merge of the same login racing this one (which deletes its links) waits, it does not deadlock.
    await lockBothLogins(em, callerId, link.userId);
    const claimed = checkLink(await claimLink(em, 'merge-login', token, mergeRefusals), callerId);
    return mergeProvenLogin(em, deps, callerId, claimed.userId, () => new KontorError(mergeRefusals.invalid.code, mergeRefusals.invalid.message));
  });
}
