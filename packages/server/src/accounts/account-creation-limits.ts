import type { EntityManager } from '@mikro-orm/postgresql';
import { consumeRateLimits } from '../auth/rate-limit.js';
import type { AccountCreationLimits } from '../config/config.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { quoteLiteral } from '../db/sql.js';


/**
 * Counts one account about to be created against the limit of the client
 * address and, when there is a user already (createAccount), of the user;
 * RATE_LIMITED with retryAfterSeconds past either. Sign-up and createAccount
 * share the address's count.
 */
export async function countAccountCreation(
  em: EntityManager,
  limits: AccountCreationLimits,
  who: { clientIp: string; userId?: string },
): Promise<void> {
  await consumeRateLimits(em, [
    { key: `account-creation:client:${who.clientIp}`, rule: limits.perClient, what: 'new accounts from this address' },
    ...(who.userId ? [{ key: `account-creation:user:${who.userId}`, rule: limits.perUser, what: 'new accounts by this user' }] : []),
  ]);
}

/**
 * Refuses with ACCOUNT_LIMIT_REACHED (naming the cap in `extensions.limit`)
 * when the user owns more accounts than one may, the one being created
 * included. Runs at the end of the creating transaction and locks the user's
 * row first, so that two creations at the same moment are counted one after
 * the other: the second counts once the first has committed (each statement
 * of a READ COMMITTED transaction sees what committed before it began).
 */
export async function assertOwnsAtMost(em: EntityManager, userId: string, limit: number): Promise<void> {
  const user = quoteLiteral(userId);
  // Two statements in one round trip: the count takes its snapshot once the lock is held, as if sent on its own.
  // Not FOR UPDATE: that would wait for the key-share locks the other creations' new memberships hold on the row (a deadlock).
  const results = await em.execute<{ owned: number }[][]>(
    `select 1 from app_user where id = ${user} for no key update;
     select count(*)::int as owned from membership m join account a on a.id = m.account_id
     where m.user_id = ${user} and m.role = 'OWNER' and a.deleted_at is null`,
  );
  const row = results.at(-1)?.[0];
  const owned = (row?.owned ?? 1) - 1;
  if (owned >= limit) {
    throw new KontorError(
      ErrorCode.ACCOUNT_LIMIT_REACHED,
      `You own ${owned} accounts, the most one user may own (${limit}). Delete an account or transfer its ownership to create another.`,
      { limit },
    );
  }
}
