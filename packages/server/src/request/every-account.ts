import pLimit from 'p-limit';
import { MembershipStatus, type Role } from '../accounts/roles.js';
import { lookupConnections } from '../db/connection-pools.js';
import type { Orm } from '../db/orm.js';
import { AccountScope, type ScopedAccount } from './account-scope.js';
import { unitOfWork, type UnitOfWork } from './unit-of-work.js';

/** One of the user's accounts, with their role in it, as read for a cross-account read. */
export interface ActiveAccount {
  account: ScopedAccount;
  membership: { id: string; role: Role };
}

/**
 * The accounts in which the user has an ACTIVE membership (never one they
 * were deactivated in or removed from, nor one that requires a second factor
 * the login lacks), by name.
 */
export function activeAccountsOf(orm: Orm, userId: string): Promise<ActiveAccount[]> {
  return orm.em
    .fork()
    .execute<{ membership_id: string; role: Role; id: string; name: string; slug: string; schema_name: string; plan_code: string }[]>(
      `select m.id as membership_id, m.role, a.id, a.name, a.slug, a.schema_name, a.plan_code
       from membership m join account a on a.id = m.account_id join app_user u on u.id = m.user_id
       where m.user_id = ? and m.status = ? and (not a.two_factor_required or u.has_second_factor)
       order by lower(a.name), a.id`,
      [userId, MembershipStatus.ACTIVE],
    )
    .then((rows) =>
      rows.map((m) => ({
        account: { id: m.id, name: m.name, slug: m.slug, schemaName: m.schema_name, planCode: m.plan_code },
        membership: { id: m.membership_id, role: m.role },
      })),
    );
}

/** Accounts read at once: enough to hide latency, few enough to leave the look-up pool to everyone else. */
const accountsAtOnce = 4;

/**
 * Runs `read` in each of the user's active accounts, each in its own scope
 * and read-only transaction under that account's own database role, so a
 * read can never reach past its account even by naming another schema.
 * The reads run a few at a time on look-up connections, not on the request
 * pool: the request may hold its own account connection already and must
 * never wait for a second one (db/connection-pools.ts). So `read` must be
 * one piece of work that waits for no other connection.
 * Results come back in the accounts' order (by name).
 */
export async function readEveryAccount<T>(orm: Orm, userId: string, read: (work: UnitOfWork, account: ActiveAccount) => Promise<T>): Promise<{ account: ActiveAccount; result: T }[]> {
  const accounts = await activeAccountsOf(orm, userId);
  const connections = lookupConnections(orm);
  // A few at a time, each next account starting as soon as one is done (not in batches that wait for their slowest).
  const limit = pLimit(accountsAtOnce);
  return Promise.all(
    accounts.map((account) =>
      limit(async () => {
        const scope = AccountScope.verified(orm, account, userId, undefined, connections);
        scope.markReadOnly();
        try {
          const result = await read(unitOfWork(scope, orm), account);
          await scope.finish(true);
          return { account, result };
        } catch (error) {
          // The request fails: no account still waiting is read.
          limit.clearQueue();
          await scope.finish(false);
          throw error;
        }
      }),
    ),
  );
}
