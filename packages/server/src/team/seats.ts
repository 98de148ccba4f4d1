import type { EntityManager } from '@mikro-orm/postgresql';
import { countActiveMembers } from '../accounts/usage.js';
import { ErrorCode, KontorError } from '../errors/errors.js';

export interface LockedAccount {
  id: string;
  name: string;
  schemaName: string;
  planName: string;
  maxUsers: number;
}

/**
 * Locks the account's row until the transaction ends. Every change that adds
 * an active member (accepting, reactivating) takes this lock first, so seat
 * counts and the membership writes that follow are serialised per account:
 * parallel accepts at the limit cannot both see a free seat.
 */
export async function lockAccount(em: EntityManager, accountId: string): Promise<LockedAccount> {
  if (!em.isInTransaction()) throw new Error('lockAccount must run inside a transaction');
  const [row] = await em.execute<{ id: string; name: string; schema_name: string; plan_name: string; max_users: number }[]>(
    `select a.id, a.name, a.schema_name, p.name as plan_name, p.max_users
     from account a join plan p on p.code = a.plan_code
     where a.id = ? for update of a`,
    [accountId],
  );
  if (!row) throw new KontorError(ErrorCode.NOT_FOUND, 'This account no longer exists.');
  return { id: row.id, name: row.name, schemaName: row.schema_name, planName: row.plan_name, maxUsers: row.max_users };
}

/** Refuses when one more active member would exceed the package's user limit. Deactivated members do not count. Needs `lockAccount` first. */
export async function assertSeatFree(em: EntityManager, account: LockedAccount): Promise<void> {
  const active = await countActiveMembers(em, account.id);
  if (active >= account.maxUsers) {
    throw new KontorError(
      ErrorCode.PLAN_LIMIT_REACHED,
      `The ${account.planName} package allows ${account.maxUsers} active user${account.maxUsers === 1 ? '' : 's'}, and this account has ${active}. Deactivate a member or choose a larger package.`,
      { limit: 'users', max: account.maxUsers, current: active },
    );
  }
}
