import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { MembershipStatus } from './roles.js';

/**
 * What an account uses of its package's limits, measured in one place: the
 * `usage` query, the seat check on accepting and reactivating members, the
 * contact limit on creates and the `changePlan` refusal all count with these
 * functions, so they can never disagree. Only global rows and SQL here: no
 * resolver or service, so every layer may import it.
 */
export interface AccountUsage {
  activeUsers: number;
  /** People, plus companies that have no people. */
  contacts: number;
  /** Bytes on disk of the account schema (`measureStorage`) plus the bytes of its files (`countFileBytes`). */
  storageBytes: number;
}

/** Active members of the account (global rows); deactivated members do not count. */
export async function countActiveMembers(globalEm: EntityManager, accountId: string): Promise<number> {
  const [row] = await globalEm.execute<{ active: string }[]>(`select count(*) as active from membership where account_id = ? and status = ?`, [
    accountId,
    MembershipStatus.ACTIVE,
  ]);
  return Number(row!.active);
}

/**
 * The account schema's size on disk, which is what a storage limit means:
 * the sum of `pg_total_relation_size` over every relation of the schema that
 * holds data of its own (tables, materialized views, sequences). That size
 * already includes each relation's indexes, TOAST and free-space/visibility
 * maps, so indexes (`i`) and TOAST tables (`t`) are not summed again;
 * partitioned parents (`p`) and views hold nothing themselves.
 */
export async function measureStorage(globalEm: EntityManager, schemaName: string): Promise<number> {
  const [row] = await globalEm.execute<{ bytes: string | null }[]>(
    `select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ? and c.relkind in ('r', 'm', 'S')`,
    [schemaName],
  );
  return Number(row?.bytes ?? 0);
}

/**
 * The bytes of the account's uploaded files (kept in the file storage, not in
 * the schema, so `measureStorage` does not see them). Runs on the account's
 * own connection.
 */
export async function countFileBytes(accountEm: EntityManager): Promise<number> {
  const [row] = await accountEm.execute<{ bytes: string }[]>(`select coalesce(sum(size), 0) as bytes from file`);
  return Number(row!.bytes);
}

/**
 * Serialises uploads in one account (a transaction-level advisory lock), so
 * two files that each fit the storage limit cannot both be added when
 * together they do not.
 */
export async function lockStorage(accountEm: EntityManager, accountId: string): Promise<void> {
  await accountEm.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`kontor:storage:${accountId}`]);
}

/**
 * Contacts as packages count them: every person, plus every
 * company that has no people (a company with people is counted through them).
 * Runs on the account's own connection (`accountEm`), under its database role.
 */
export async function countContacts(accountEm: EntityManager): Promise<number> {
  const [row] = await accountEm.execute<{ contacts: string }[]>(contactCountSql);
  return Number(row!.contacts);
}

/** `countContacts`' statement (its one column: `contacts`), for a change that sends it with others (AccountScope.statements). */
export const contactCountSql = `select (select count(*) from person) + (select count(*) from company c where not exists (select 1 from person p where p.company_id = c.id)) as contacts`;

/**
 * Serialises changes that add contacts in one account (a transaction-level
 * advisory lock), so two creates at the limit cannot both pass the count, and
 * a downgrade does not interleave with a create. Under the lock it bumps the
 * account's `contact_change` counter and answers its new value: whoever finds
 * it moved only by its own changes since it last counted knows that nobody
 * else added contacts meanwhile (imports/import-contacts.ts).
 */
export async function lockContacts(accountEm: EntityManager, accountId: string): Promise<number> {
  const [sql, params] = contactLockStatement(accountId);
  const [row] = await accountEm.execute<{ changes: string }[]>(sql, params);
  return Number(row!.changes);
}

/** `lockContacts`' statement (its one column: `changes`), for a change that sends it with others (AccountScope.statements). */
export function contactLockStatement(accountId: string): [sql: string, params: unknown[]] {
  // The CTE is read before the row is updated (the update joins it), so the advisory lock always comes first. Its
  // column is text, not void: Citus passes a CTE's rows on to the worker that holds the table, and refuses a void one.
  return [
    `with locked as (select pg_advisory_xact_lock(hashtext(?))::text as taken) update contact_change set changes = changes + 1 from locked returning changes`,
    [`kontor:contacts:${accountId}`],
  ];
}

/** The account's usage. Members and the schema's size are read through `globalEm`; contacts and file bytes through the account's own entity manager. */
export async function measureUsage(work: UnitOfWork, options: { lockContacts?: boolean } = {}): Promise<AccountUsage> {
  const { scope, globalEm } = work;
  const [[contacts, fileBytes], [activeUsers, schemaBytes]] = await Promise.all([
    work.accountEm().then(async (em) => {
      if (options.lockContacts) await lockContacts(em, scope.accountId);
      return [await countContacts(em), await countFileBytes(em)] as const;
    }),
    // One global connection at a time, while the contacts are counted on the account's connection.
    (async () => [await countActiveMembers(globalEm, scope.accountId), await measureStorage(globalEm, scope.schemaName)] as const)(),
  ]);
  return { activeUsers, contacts, storageBytes: schemaBytes + fileBytes };
}
