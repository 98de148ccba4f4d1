import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountScope } from '../request/account-scope.js';
import type { Plan } from '../accounts/plan.entity.js';
import { MembershipStatus } from '../accounts/roles.js';
import { countContactsSql } from '../crm/common/contact-limit.js';

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
export async function planUsage(scope: AccountScope, globalEm: EntityManager, options: { lockContacts?: boolean } = {}): Promise<PlanUsage> {
  const [members] = await globalEm.execute<{ c: string }[]>(`select count(*) as c from membership where account_id = ? and status = ?`, [
    scope.accountId,
    MembershipStatus.ACTIVE,
  ]);
  const [storage] = await globalEm.execute<{ bytes: string | null }[]>(
    `select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ? and c.relkind in ('r', 'm', 'p')`,
    [scope.schemaName],
  );
  return { activeUsers: Number(members!.c), contacts: await countContacts(scope, options.lockContacts ?? false), storageBytes: Number(storage?.bytes ?? 0) };
}

async function countContacts(scope: AccountScope, lock: boolean): Promise<number> {
  const em = await scope.em();
  // The same lock and count as creating a contact (crm/common/contact-limit.ts): a downgrade and a create do not interleave.
  if (lock) await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`kontor:contacts:${scope.accountId}`]);
  const [row] = await em.execute<{ contacts: string }[]>(countContactsSql);
  return Number(row!.contacts);
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
