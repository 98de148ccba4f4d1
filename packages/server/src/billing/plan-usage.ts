import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountScope } from '../accounts/account-scope.js';
import type { Plan } from '../accounts/plan.entity.js';
import { MembershipStatus } from '../accounts/roles.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';

/** What an account uses of its package's limits. */
export interface PlanUsage {
  activeUsers: number;
  /** People, plus companies that have no people. */
  contacts: number;
  /** Bytes of the account schema's tables, their indexes and TOAST. */
  storageBytes: number;
}

export type PlanLimitName = 'ACTIVE_USERS' | 'CONTACTS' | 'STORAGE';

export interface PlanLimitExceeded {
  limit: PlanLimitName;
  usage: number;
  allowed: number;
}

/**
 * Usage of the scope's account. Members are global rows (read through `globalEm`);
 * contacts are read through the account's own scope, under its database role.
 */
export async function planUsage(scope: AccountScope, globalEm: EntityManager): Promise<PlanUsage> {
  const [members] = await globalEm.execute<{ c: string }[]>(`select count(*) as c from membership where account_id = ? and status = ?`, [
    scope.account.id,
    MembershipStatus.ACTIVE,
  ]);
  const [storage] = await globalEm.execute<{ bytes: string | null }[]>(
    `select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ? and c.relkind in ('r', 'm', 'p')`,
    [scope.account.schemaName],
  );
  return { activeUsers: Number(members!.c), contacts: await countContacts(scope), storageBytes: Number(storage?.bytes ?? 0) };
}

async function countContacts(scope: AccountScope): Promise<number> {
  const em = await scope.em();
  const schema = scope.account.schemaName;
  // The CRM tables arrive with their own migration; an account schema without them holds no contacts yet.
  const [tables] = await em.execute<{ person: boolean; company: boolean }[]>(
    `select to_regclass(${quoteLiteral(`${quoteIdent(schema)}.person`)}) is not null as person,
            to_regclass(${quoteLiteral(`${quoteIdent(schema)}.company`)}) is not null as company`,
  );
  if (!tables?.person) return 0;
  const people = `${quoteIdent(schema)}.person`;
  const companiesWithoutPeople = tables.company
    ? `(select count(*) from ${quoteIdent(schema)}.company c where not exists (select 1 from ${people} p where p.company_id = c.id))`
    : '0';
  const [row] = await em.execute<{ c: string }[]>(`select (select count(*) from ${people}) + ${companiesWithoutPeople} as c`);
  return Number(row!.c);
}

/** The limits of `plan` that `usage` exceeds; empty when the account fits. */
export function exceededLimits(usage: PlanUsage, plan: Plan): PlanLimitExceeded[] {
  const exceeded: PlanLimitExceeded[] = [];
  if (usage.activeUsers > plan.maxUsers) exceeded.push({ limit: 'ACTIVE_USERS', usage: usage.activeUsers, allowed: plan.maxUsers });
  if (usage.contacts > plan.maxContacts) exceeded.push({ limit: 'CONTACTS', usage: usage.contacts, allowed: plan.maxContacts });
  if (usage.storageBytes > plan.storageBytes) exceeded.push({ limit: 'STORAGE', usage: usage.storageBytes, allowed: plan.storageBytes });
  return exceeded;
}

const limitWords: Record<PlanLimitName, string> = { ACTIVE_USERS: 'active users', CONTACTS: 'contacts', STORAGE: 'storage bytes' };

export function describeExceeded(exceeded: PlanLimitExceeded[]): string {
  return exceeded.map(({ limit, usage, allowed }) => `${usage} ${limitWords[limit]} (the package allows ${allowed})`).join(', ');
}
