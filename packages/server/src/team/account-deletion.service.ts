import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { dropAccountSchema } from '../db/account-schema.js';
import { queueFilesOfAccount } from '../files/file-deletion-queue.js';
import { quoteIdent } from '../db/sql.js';
import { badUserInput } from '../errors/errors.js';
import { lockAccount } from './seats.js';

/**
 * Deletes the scope's account for good, in one transaction: its schema and
 * database role are dropped, and its global rows go with the account row
 * (memberships, invitations, kept mail, and whatever else is declared
 * `on delete cascade`); its files' storage keys are queued, so the next
 * clean-up removes their bytes (files/file-deletion-queue.ts). Every token
 * scoped to it stops working on the next request, since its membership no
 * longer exists. Users are kept: they may belong to other accounts.
 *
 * Records that must outlive the account (invoices, kept by law) refuse the
 * row's deletion; then everything else that refers to the account is
 * deleted and the row stays as an anonymised tombstone (`deleted_at`).
 */
export async function deleteAccount({ globalEm, scope }: UnitOfWork, confirmName: string): Promise<void> {
  const { account: current } = await scope.details();
  if (confirmName.trim() !== current.name) {
    throw badUserInput('confirmName', `Type the account's name exactly ("${current.name}") to confirm the deletion.`);
  }
  await globalEm.fork().transactional(async (em) => {
    // Waits for the account's requests in flight to finish, but not forever.
    await em.execute(`set local lock_timeout = '20s'`);
    const account = await lockAccount(em, scope.accountId);
    await em.execute(`update app_user set last_account_id = null where last_account_id = ?`, [account.id]);
    await em.execute('savepoint delete_account_row');
    try {
      await em.execute(`delete from account where id = ?`, [account.id]);
    } catch (error) {
      if (!(error instanceof ForeignKeyConstraintViolationException)) throw error;
      await em.execute('rollback to savepoint delete_account_row');
      await keepTombstone(em, account.id);
    }
    await queueFilesOfAccount(em, account.schemaName);
    await dropAccountSchema(em, account.schemaName);
  });
}

/** Deletes every row that would have gone with the account row, then anonymises the row itself. */
async function keepTombstone(em: EntityManager, accountId: string): Promise<void> {
  const cascading = await em.execute<{ table_name: string; column_name: string }[]>(
    // regclass::text is already a quoted (and, outside the search path, qualified) table name.
    `select c.conrelid::regclass::text as table_name, a.attname as column_name
     from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and c.confrelid = 'account'::regclass and c.confdeltype = 'c' and cardinality(c.conkey) = 1`,
  );
  for (const { table_name, column_name } of cascading) {
    await em.execute(`delete from ${table_name} where ${quoteIdent(column_name)} = ?`, [accountId]);
  }
  await em.execute(
    `update account set deleted_at = now(), name = 'Deleted account', slug = 'deleted-' || replace(id::text, '-', ''), created_by_user_id = null
     where id = ?`,
    [accountId],
  );
}
