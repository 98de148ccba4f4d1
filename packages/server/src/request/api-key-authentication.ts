import { AccountScope } from './account-scope.js';
import type { Role } from '../accounts/roles.js';
import { consumeRateLimit } from '../auth/rate-limit.js';
import type { RateLimitRule } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { Caller } from './context.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { lowerRole } from '../policies/account-rights.js';
import { parseApiKey, sameHash } from '../apikeys/api-keys.service.js';

interface KeyRow {
  id: string;
  role: Role;
  secret_hash: Buffer;
  created_by: string;
  usable: boolean;
  /** Null when the creator has no membership in the account (any more). */
  creator_active: boolean | null;
  creator_role: Role | null;
  last_used_stale: boolean;
  account_id: string;
  account_name: string;
  slug: string;
  schema_name: string;
  plan_code: string;
}

const refused = 'This API key is not valid: it is unknown, revoked or expired.';
const creatorGone =
  'This API key no longer works: the member who created it no longer has access to this account. An active owner or co-owner can create a new key.';

/**
 * Turns `Authorization: Bearer kontor_live_…` into a caller acting in the
 * key's account with the key's role, capped at its creator's current role.
 * Every request re-reads the key and its creator's membership, so a
 * revocation, an expiry, the account's deletion (which deletes its keys) and
 * the creator's deactivation, leaving or demotion, however it came about,
 * take effect on the very next request.
 */
export async function authenticateApiKey(token: string, orm: Orm, rule: RateLimitRule, logger: Logger): Promise<Caller> {
  const parsed = parseApiKey(token);
  if (!parsed) return { kind: 'rejected', reason: refused };
  const em = orm.em.fork();
  const [row] = await em.execute<KeyRow[]>(
    `select k.id, k.role, k.secret_hash, k.created_by,
            k.revoked_at is null and (k.expires_at is null or k.expires_at > now()) as usable,
            m.status = 'ACTIVE' as creator_active, m.role as creator_role,
            k.last_used_at is null or k.last_used_at < now() - interval '1 minute' as last_used_stale,
            a.id as account_id, a.name as account_name, a.slug, a.schema_name, a.plan_code
     from api_key k join account a on a.id = k.account_id
     left join membership m on m.account_id = k.account_id and m.user_id = k.created_by
     where k.public_id = ? and a.deleted_at is null`,
    [parsed.publicId],
  );
  // The same answer for an unknown, a wrong, a revoked and an expired key: nothing to probe.
  if (!row || !sameHash(row.secret_hash, parsed.hash) || !row.usable) return { kind: 'rejected', reason: refused };
  // Past the secret check the holder may learn why: their integration needs a new key, not a retry.
  if (!row.creator_active || !row.creator_role) return { kind: 'rejected', reason: creatorGone };

  try {
    await consumeRateLimit(em, `api-key:${row.id}`, rule, 'requests with this API key');
  } catch (error) {
    if (!(error instanceof KontorError)) throw error;
    return { kind: 'rejected', reason: error.message, code: ErrorCode.RATE_LIMITED, extensions: { retryAfterSeconds: error.extensions.retryAfterSeconds } };
  }

  if (row.last_used_stale) {
    // Shown to owners to the minute; writing it on every request would add a write to every read.
    em.execute(`update api_key set last_used_at = now() where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [
      row.id,
    ]).catch((error: unknown) => logger.warn('could not record the API key use', { error }));
  }

  const scope = AccountScope.verified(
    orm,
    {
      account: { id: row.account_id, name: row.account_name, slug: row.slug, schemaName: row.schema_name, planCode: row.plan_code },
      // A key is no membership; its own ID stands in where a membership ID is asked for.
      membership: { id: row.id, role: lowerRole(row.role, row.creator_role) },
    },
    row.created_by,
    row.id,
  );
  return { kind: 'apiKey', apiKeyId: row.id, scope };
}
