import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountScope } from '../accounts/account-scope.js';
import { dropAccountSchema } from '../db/account-schema.js';
import { badUserInput } from '../graphql/errors.js';
import { lockAccount } from './seats.js';

/**
 * Deletes the scope's account for good: its schema and database role are
 * dropped in the same transaction that deletes its global rows (memberships,
 * invitations and kept mail go with the account row). Every token scoped to
 * it stops working on the next request, since its membership no longer
 * exists. Users are kept: they may belong to other accounts.
 */
export async function deleteAccount(rootEm: EntityManager, scope: AccountScope, confirmName: string): Promise<void> {
  if (confirmName.trim() !== scope.account.name) {
    throw badUserInput('confirmName', `Type the account's name exactly ("${scope.account.name}") to confirm the deletion.`);
  }
  await rootEm.fork().transactional(async (em) => {
    // Waits for the account's requests in flight to finish, but not forever.
    await em.execute(`set local lock_timeout = '20s'`);
    const account = await lockAccount(em, scope.account.id);
    await em.execute(`update app_user set last_account_id = null where last_account_id = ?`, [account.id]);
    await em.execute(`delete from account where id = ?`, [account.id]);
    await dropAccountSchema(em, account.schemaName);
  });
}
