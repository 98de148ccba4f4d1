import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account } from '../accounts/account.entity.js';
import { signAccessToken } from './access-token.js';
import { AuthPayload } from './auth.types.js';
import { createSession, type ClientInfo, type IssuedRefreshToken } from './session.service.js';
import type { SigningKeys } from './signing-keys.js';
import type { User } from './user.entity.js';
import { mayOpen, requireMayOpen } from '../twofactor/two-factor-policy.js';

/** A new session's answer to the client: its access token (and who, in which account) and the refresh token for the cookie. */
export interface LoginResult {
  payload: AuthPayload;
  refresh: IssuedRefreshToken;
}

/**
 * A log-in, sign-up or accepted invitation lands in `account`, unless that
 * account requires a second factor the login lacks: then the session starts
 * unscoped, and opening the account says TWO_FACTOR_REQUIRED.
 */
export async function startSession(globalEm: EntityManager, keys: SigningKeys, user: User, account: Account | undefined, client: ClientInfo): Promise<LoginResult> {
  const { sessionId, refresh } = await createSession(globalEm.fork(), user.id, client);
  return { payload: await authPayload(keys, user, sessionId, openableOrNone(account, user)), refresh };
}

/** `account` when the login may open it now (two-factor policy), else none: for answers that merely suggest an account. */
export const openableOrNone = (account: Account | undefined, user: User): Account | undefined => (account && mayOpen(account, user) ? account : undefined);

/** A token for `user`, scoped to `account` when given: TWO_FACTOR_REQUIRED when the account requires a second factor the login lacks. */
export async function authPayload(keys: SigningKeys, user: User, sessionId: string, account: Account | undefined): Promise<AuthPayload> {
  if (account) requireMayOpen(account, user);
  const { token, expiresAt } = await signAccessToken(keys, { userId: user.id, sessionId, accountId: account?.id });
  return Object.assign(new AuthPayload(), { accessToken: token, expiresAt, user, account: account ?? null });
}
