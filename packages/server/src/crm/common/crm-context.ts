import type { EntityManager } from '@mikro-orm/postgresql';
import { createParameterDecorator } from 'type-graphql';
import type { AccountScope } from '../../request/account-scope.js';
import { requireAccount } from '../../request/access.js';
import type { RequestContext } from '../../request/context.js';
import { badUserInput } from '../../errors/errors.js';
import { isUuid } from './validation.js';

/** What a CRM read needs: the account scope (its `query()`) and the request (for global look-ups). */
export interface CrmReader {
  scope: AccountScope;
  ctx: RequestContext;
  userId: string;
}

/** What a CRM service needs: a reader and the account's entity manager. */
export interface Crm extends CrmReader {
  em: EntityManager;
}

/**
 * `@CrmReader() reader: CrmReader` hands a resolver what a CRM read needs,
 * and `@Crm() crm: Crm` adds the account's entity manager (joining the
 * request's transaction); both fail closed as `requireAccount` does
 * (request/parameters.ts). The reader opens nothing, so list queries stay on
 * the raw-SQL path.
 */
export const CrmReader = () => createParameterDecorator<RequestContext>(({ context }) => readerOf(context));
export const Crm = () => createParameterDecorator<RequestContext>(({ context }) => crmOf(context));

export function readerOf(ctx: RequestContext): CrmReader {
  const scope = requireAccount(ctx);
  return { scope, ctx, userId: scope.userId };
}

export async function crmOf(ctx: RequestContext): Promise<Crm> {
  const reader = readerOf(ctx);
  return { ...reader, em: await reader.scope.em() };
}

/**
 * Whether `userId` is an active member of this account. Memberships live in
 * the global schema, out of the account role's reach, so this asks over the
 * global connection; answers are kept for the request.
 */
export async function assertActiveMember(crm: Crm, userId: string, field: string): Promise<void> {
  const cache = memberCache(crm.ctx);
  let found = cache.get(userId);
  if (found === undefined) {
    found = isUuid(userId)
      ? crm.ctx.orm.em
          .fork()
          .execute(`select 1 from membership where account_id = ? and user_id = ? and status = 'ACTIVE'`, [crm.scope.accountId, userId])
          .then((rows) => rows.length > 0)
      : Promise.resolve(false);
    cache.set(userId, found);
  }
  if (!(await found)) throw badUserInput(field, 'This user is not an active member of this account.');
}

const memberCaches = new WeakMap<RequestContext, Map<string, Promise<boolean>>>();
function memberCache(ctx: RequestContext): Map<string, Promise<boolean>> {
  let cache = memberCaches.get(ctx);
  if (!cache) memberCaches.set(ctx, (cache = new Map()));
  return cache;
}

/**
 * The name of a company of this account, which the people and deals that
 * name the company carry for search (AccountMigration0012SearchColumns);
 * refuses one that is not in this account, like `assertRecordExists`. The
 * key-share lock keeps the name as read until the write that copies it commits.
 */
export async function companyNameFor(crm: Crm, id: string, field: string): Promise<string> {
  const rows = isUuid(id) ? await crm.em.execute<{ name: string }[]>(`select name from company where id = ? for key share`, [id]) : [];
  if (rows.length === 0) throw badUserInput(field, 'There is no company with this ID in this account.');
  return rows[0]!.name;
}

/** Refuses a reference to a record that is not in this account (whatever other account it may be in). */
export async function assertRecordExists(crm: Crm, table: 'person' | 'company' | 'deal' | 'tag' | 'pipeline' | 'phase', id: string, field: string): Promise<void> {
  const rows = isUuid(id) ? await crm.em.execute(`select 1 from ${table} where id = ?`, [id]) : [];
  if (rows.length === 0) throw badUserInput(field, `There is no ${table} with this ID in this account.`);
}

/** Replaces the tags of a person, company or deal. */
export async function setTags(crm: Crm, owner: 'person' | 'company' | 'deal', ownerId: string, tagIds: string[]): Promise<void> {
  const unique = [...new Set(tagIds)];
  for (const tagId of unique) await assertRecordExists(crm, 'tag', tagId, 'tagIds');
  await crm.em.execute(`delete from ${owner}_tag where ${owner}_id = ?`, [ownerId]);
  if (unique.length > 0) {
    await crm.em.execute(
      `insert into ${owner}_tag (${owner}_id, tag_id) select ?, unnest(?::uuid[])`,
      [ownerId, `{${unique.join(',')}}`],
    );
  }
}
