import type { IncomingMessage } from 'node:http';
import { AccountScope } from './account-scope.js';
import { authenticateApiKey } from './api-key-authentication.js';
import { looksLikeApiKey } from '../apikeys/api-keys.service.js';
import type { RateLimitRule } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { Caller } from './context.js';
import type { Logger } from '../logging/logger.js';
import { InvalidTokenError, verifyAccessToken } from '../auth/access-token.js';
import { CallerCheck, sessionEnded } from './caller-check.js';
import type { SigningKeys } from '../auth/signing-keys.js';

/**
 * Turns the request's bearer token into a Caller. The token's signature is
 * not enough: the database check (caller-check.ts) confirms that the session
 * is live and, for a scoped token, that the membership is active, so logout
 * and deactivation take effect on the very next request.
 */
export async function authenticate(
  req: IncomingMessage,
  orm: Orm,
  keys: SigningKeys,
  logger: Logger,
  options: {
    /** API keys are accepted only where a rate limit for them is given (the GraphQL endpoint). */
    apiKeyRateLimit?: RateLimitRule;
    /** Leave the database check to the request (GraphQL); otherwise it is done before this returns. */
    deferCheck?: boolean;
  } = {},
): Promise<Caller> {
  const header = req.headers.authorization;
  if (!header) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { kind: 'rejected', reason: 'The Authorization header must be "Bearer <token>".' };

  if (looksLikeApiKey(match[1]!)) {
    if (!options.apiKeyRateLimit) return { kind: 'rejected', reason: 'API keys work with the GraphQL API only.' };
    return authenticateApiKey(match[1]!, orm, options.apiKeyRateLimit, logger);
  }

  let claims;
  try {
    claims = await verifyAccessToken(keys, match[1]!);
  } catch (error) {
    if (error instanceof InvalidTokenError) return { kind: 'rejected', reason: `${capitalise(error.message)}.` };
    throw error;
  }

  const check = new CallerCheck(orm, claims, logger);
  const caller: Extract<Caller, { kind: 'user' }> = { kind: 'user', userId: claims.userId, sessionId: claims.sessionId, check, scope: undefined, scopeDenied: undefined };
  if (options.deferCheck) {
    // GraphQL: the check travels with the account's first statement, or runs when a resolver needs its answer (access.ts).
    if (claims.accountId !== undefined) caller.scope = AccountScope.pending(orm, check);
    return caller;
  }
  const outcome = await check.outcome();
  if (outcome.kind === 'sessionEnded') return { kind: 'rejected', reason: sessionEnded };
  if (outcome.membership && 'denied' in outcome.membership) caller.scopeDenied = outcome.membership.denied;
  else if (outcome.membership) caller.scope = AccountScope.pending(orm, check);
  return caller;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
