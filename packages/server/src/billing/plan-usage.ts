import type { Plan } from '../accounts/plan.entity.js';
import type { AccountUsage } from '../accounts/usage.js';

/** What an account uses of its package's limits (measured by accounts/usage.ts, as the `usage` query is). */
export type PlanUsage = AccountUsage;

export type PlanLimitName = 'ACTIVE_USERS' | 'CONTACTS' | 'STORAGE';

export interface PlanLimitExceeded {
  limit: PlanLimitName;
  usage: number;
  allowed: number;
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
