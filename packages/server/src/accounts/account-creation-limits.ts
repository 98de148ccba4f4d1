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
 * Makes the new account its owner's last one, and refuses with
 * ACCOUNT_LIMIT_REACHED (naming the cap in `extensions.limit`) when the owner
 * would own more accounts than one may, this one included. Runs at the end of
 * the creating transaction, as one round trip: the update takes the owner's
 * row lock (FOR NO KEY UPDATE: it changes no key) until the commit, so that two
 * creations at the same moment are counted one after the other: the second
 * counts once the first has committed (each statement of a READ COMMITTED
 * transaction sees what committed before it began). Not a lock that would
 * wait for the key-share locks the other creations' new memberships hold on
 * the row (FOR UPDATE): that would deadlock.
 */
export async function enterNewAccountWithinOwnedLimit(em: EntityManager, userId: string, accountId: string, limit: number): Promise<void> {
  const user = quoteLiteral(userId);
  const results = await em.execute<{ owned: number }[][]>(
    `update app_user set last_account_id = ${quoteLiteral(accountId)} where id = ${user};
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
