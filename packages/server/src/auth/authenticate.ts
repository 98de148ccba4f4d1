import type { IncomingMessage } from 'node:http';
import { AccountScope } from '../accounts/account-scope.js';
import { MembershipStatus, type Role } from '../accounts/roles.js';
import { authenticateApiKey } from '../apikeys/api-key-authentication.js';
import { looksLikeApiKey } from '../apikeys/api-keys.service.js';
import type { RateLimitRule } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { Caller } from '../graphql/context.js';
import type { Logger } from '../logging/logger.js';
import { InvalidTokenError, verifyAccessToken } from './access-token.js';
import type { SigningKeys } from './signing-keys.js';

interface CallerRow {
  live: boolean;
  membership_id: string | null;
  role: Role | null;
  status: MembershipStatus | null;
  last_active_stale: boolean | null;
  account_id: string | null;
  account_name: string | null;
  slug: string | null;
  schema_name: string | null;
  plan_code: string | null;
}

/**
 * Turns the request's bearer token into a Caller. The token's signature is
 * not enough: one query re-checks that the session is live and, for a scoped
 * token, that the membership is active, so logout and deactivation take
 * effect on the very next request.
 */
export async function authenticate(
  req: IncomingMessage,
  orm: Orm,
  keys: SigningKeys,
  logger: Logger,
  /** API keys are accepted only where a rate limit for them is given (the GraphQL endpoint). */
  apiKeyRateLimit?: RateLimitRule,
): Promise<Caller> {
  const header = req.headers.authorization;
  if (!header) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { kind: 'rejected', reason: 'The Authorization header must be "Bearer <token>".' };

  if (looksLikeApiKey(match[1]!)) {
    if (!apiKeyRateLimit) return { kind: 'rejected', reason: 'API keys work with the GraphQL API only.' };
    return authenticateApiKey(match[1]!, orm, apiKeyRateLimit, logger);
  }

  let claims;
  try {
    claims = await verifyAccessToken(keys, match[1]!);
  } catch (error) {
    if (error instanceof InvalidTokenError) return { kind: 'rejected', reason: `${capitalise(error.message)}.` };
    throw error;
  }

  const em = orm.em.fork();
  const [row] = await em.execute<CallerRow[]>(
    `select s.revoked_at is null and s.expires_at > now() as live,
            m.id as membership_id, m.role, m.status,
            m.last_active_at is null or m.last_active_at < now() - interval '5 minutes' as last_active_stale,
            a.id as account_id, a.name as account_name, a.slug, a.schema_name, a.plan_code
     from session s
     left join membership m on m.user_id = s.user_id and m.account_id = ?
     left join account a on a.id = m.account_id
     where s.id = ? and s.user_id = ?`,
    [claims.accountId ?? null, claims.sessionId, claims.userId],
  );
  if (!row || !row.live) return { kind: 'rejected', reason: 'Your session has ended. Please log in again.' };

  const caller: Extract<Caller, { kind: 'user' }> = { kind: 'user', userId: claims.userId, sessionId: claims.sessionId, scope: undefined, scopeDenied: undefined };
  if (claims.accountId === undefined) return caller;
  if (!row.membership_id || !row.account_id) {
    caller.scopeDenied = 'You are no longer a member of this account.';
  } else if (row.status !== MembershipStatus.ACTIVE) {
    caller.scopeDenied = 'Your access to this account has been deactivated.';
  } else {
    caller.scope = new AccountScope(
      orm,
      { id: row.account_id, name: row.account_name!, slug: row.slug!, schemaName: row.schema_name!, planCode: row.plan_code! },
      { id: row.membership_id, role: row.role! },
      claims.userId,
    );
    if (row.last_active_stale) {
      // "Last active" is shown to owners; minutes of precision are plenty, so it is written at most every 5 minutes.
      em.execute('update membership set last_active_at = now() where id = ?', [row.membership_id]).catch((error: unknown) =>
        logger.warn('could not record last activity', { error }),
      );
    }
  }
  return caller;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
