import type { UnitOfWork } from '../../request/unit-of-work.js';
import type { AccountScope } from '../../request/account-scope.js';
import { badUserInput } from '../../errors/errors.js';
import { isUuid } from './validation.js';

/**
 * Whether `userId` is an active member of this account. Memberships live in
 * the global schema, out of the account role's reach, so this asks over the
 * global entity manager; answers are kept for the request (its scope).
 */
export async function assertActiveMember(work: UnitOfWork, userId: string, field: string): Promise<void> {
  const cache = memberCache(work.scope);
  let found = cache.get(userId);
  if (found === undefined) {
    found = isUuid(userId)
      ? work.globalEm
          .execute(`select 1 from membership where account_id = ? and user_id = ? and status = 'ACTIVE'`, [work.scope.accountId, userId])
          .then((rows) => rows.length > 0)
      : Promise.resolve(false);
    cache.set(userId, found);
  }
  if (!(await found)) throw badUserInput(field, 'This user is not an active member of this account.');
}

const memberCaches = new WeakMap<AccountScope, Map<string, Promise<boolean>>>();
function memberCache(scope: AccountScope): Map<string, Promise<boolean>> {
  let cache = memberCaches.get(scope);
  if (!cache) memberCaches.set(scope, (cache = new Map()));
  return cache;
}

/**
 * The name of a company of this account, which the people and deals that
 * name the company carry for search (AccountMigration0012SearchColumns);
 * refuses one that is not in this account, like `assertRecordExists`. The
 * key-share lock keeps the name as read until the write that copies it commits.
 */
export async function companyNameFor(work: UnitOfWork, id: string, field: string): Promise<string> {
  const rows = isUuid(id) ? await work.scope.query<{ name: string }>(`select name from company where id = ?::uuid for key share`, [id]) : [];
  if (rows.length === 0) throw badUserInput(field, 'There is no company with this ID in this account.');
  return rows[0]!.name;
}

/** Refuses a reference to a record that is not in this account (whatever other account it may be in). */
export async function assertRecordExists(
  work: UnitOfWork,
  table: 'person' | 'company' | 'deal' | 'tag' | 'pipeline' | 'phase',
  id: string,
  field: string,
): Promise<void> {
  const rows = isUuid(id) ? await (await work.accountEm()).execute(`select 1 from ${table} where id = ?`, [id]) : [];
  if (rows.length === 0) throw badUserInput(field, `There is no ${table} with this ID in this account.`);
}

/**
 * The tags of a record being created, as a CTE's insert (its rows: one per tag found, so `assertTagsFound` can tell
 * whether each exists in this account) for the statement that creates the record (`setTags` for a record that exists).
 */
export function newRecordTags(owner: 'person' | 'company' | 'deal', ownerId: string, tagIds: string[]): { sql: string; params: unknown[]; expected: number } {
  const unique = [...new Set(tagIds)];
  return {
    sql: `insert into ${owner}_tag (${owner}_id, tag_id) select ?::uuid, id from tag where id = any(?::uuid[]) returning 1`,
    params: [ownerId, `{${unique.filter(isUuid).join(',')}}`],
    expected: unique.length,
  };
}

/** Refuses tags of which fewer than `expected` were found in this account (as `setTags` does, naming `tagIds`). */
export function assertTagsFound(found: number, expected: number): void {
  if (found < expected) throw badUserInput('tagIds', 'There is no tag with this ID in this account.');
}

/**
 * Replaces the tags of a person, company or deal: two statements however many tags. A tag not found in this
 * account refuses the change; the mutation's savepoint then undoes the deletion too.
 */
export async function setTags(work: UnitOfWork, owner: 'person' | 'company' | 'deal', ownerId: string, tagIds: string[]): Promise<void> {
  const em = await work.accountEm();
  await em.execute(`delete from ${owner}_tag where ${owner}_id = ?`, [ownerId]);
  if (tagIds.length === 0) return;
  const tags = newRecordTags(owner, ownerId, tagIds);
  assertTagsFound((await em.execute(tags.sql, tags.params)).length, tags.expected);
}
