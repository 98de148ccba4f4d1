import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account } from '../accounts/account.entity.js';
import { signAccessToken } from './access-token.js';
import { AuthPayload } from './auth.types.js';
import { createSession, type ClientInfo, type IssuedRefreshToken } from './session.service.js';
import type { SigningKeys } from './signing-keys.js';
import type { User } from './user.entity.js';

/** A new session's answer to the client: its access token (and who, in which account) and the refresh token for the cookie. */
export interface LoginResult {
  payload: AuthPayload;
  refresh: IssuedRefreshToken;
}

export async function startSession(globalEm: EntityManager, keys: SigningKeys, user: User, account: Account | undefined, client: ClientInfo): Promise<LoginResult> {
  const { sessionId, refresh } = await createSession(globalEm.fork(), user.id, client);
  return { payload: await authPayload(keys, user, sessionId, account), refresh };
}

export async function authPayload(keys: SigningKeys, user: User, sessionId: string, account: Account | undefined): Promise<AuthPayload> {
  const { token, expiresAt } = await signAccessToken(keys, { userId: user.id, sessionId, accountId: account?.id });
  return Object.assign(new AuthPayload(), { accessToken: token, expiresAt, user, account: account ?? null });
}
