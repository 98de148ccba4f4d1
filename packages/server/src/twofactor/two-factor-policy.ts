import { Account } from '../accounts/account.entity.js';
import { User } from '../auth/user.entity.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { twoFactorRequiredMessage } from '../request/caller-check.js';
import type { UnitOfWork } from '../request/unit-of-work.js';

/**
 * An account's "two-factor required" policy. It is enforced where the account
 * is opened: a token scoped to it is handed out only to a login with a second
 * factor, TOTP or a passkey (switchAccount, refreshSession, log-in, invitations), and the caller
 * check refuses older tokens from the moment the policy is on (KN428 in
 * kontor_check_caller). Nothing else of the login changes: its other accounts
 * keep working in other tabs. API keys are not affected: they belong to the
 * account, not to a login.
 */

/** Whether `user` may open `account` as far as the policy goes. */
export const mayOpen = (account: Account, user: User): boolean => !account.twoFactorRequired || user.hasSecondFactor;

/** TWO_FACTOR_REQUIRED (naming the account, so a client can set it up in place) unless `user` may open `account`. */
export function requireMayOpen(account: Account, user: User): void {
  if (mayOpen(account, user)) return;
  throw new KontorError(ErrorCode.TWO_FACTOR_REQUIRED, twoFactorRequiredMessage, { accountId: account.id, accountSlug: account.slug, accountName: account.name });
}

/**
 * Turns the policy on or off (the resolver lets only the owner call it). The
 * owner must have a second factor to turn it on: otherwise they would lock
 * themselves out of their own account with one click.
 */
export async function setTwoFactorRequired({ globalEm, scope, userId }: UnitOfWork, required: boolean): Promise<Account> {
  const [user, account] = await Promise.all([globalEm.findOneOrFail(User, userId), globalEm.findOneOrFail(Account, scope.accountId)]);
  if (required && !user.hasSecondFactor) {
    throw new KontorError(ErrorCode.TWO_FACTOR_REQUIRED, 'Add a second factor (an authenticator app or a passkey) to your own login first: the policy would lock you out of this account.', { field: 'required' });
  }
  account.twoFactorRequired = required;
  await globalEm.flush();
  return account;
}
