import { Role } from '../accounts/roles.js';

/**
 * Every right in an account and the roles that hold it: the one place where
 * Kontor's four roles (`accounts/roles.ts`) are turned into permissions. Resolvers and
 * services ask `can()`; they never compare roles themselves.
 */
export const rights = {
  /** Create and change the CRM's records (people, companies, deals, tasks, notes, tags); checked on every such mutation, so a role or key without it can only read. */
  'records.write': [Role.OWNER, Role.CO_OWNER, Role.EXTENDED, Role.NORMAL],
  /** Delete records (EXTENDED: at most `bulkDeleteLimit` per request). */
  'records.delete': [Role.OWNER, Role.CO_OWNER, Role.EXTENDED],
  /** Delete any number of records in one request. */
  'records.bulkDelete': [Role.OWNER, Role.CO_OWNER],
  /** Import people and companies from files, and undo an import (imports/). */
  'records.import': [Role.OWNER, Role.CO_OWNER],
  /** Export lists as files (exports/); every member may still take single people as vCards. */
  'records.export': [Role.OWNER, Role.CO_OWNER, Role.EXTENDED],
  'notes.readConfidential': [Role.OWNER, Role.CO_OWNER, Role.EXTENDED],
  /** Invite, change roles, deactivate and reactivate members. */
  'team.manage': [Role.OWNER, Role.CO_OWNER],
  /** Deactivate or demote the owner. */
  'team.manageOwner': [Role.OWNER],
  'account.transferOwnership': [Role.OWNER],
  'account.delete': [Role.OWNER],
  'account.settings': [Role.OWNER, Role.CO_OWNER],
  /** Require a second factor of every member (two-factor policy). */
  'account.security': [Role.OWNER],
  'billing.manage': [Role.OWNER, Role.CO_OWNER],
  'apiKeys.manage': [Role.OWNER, Role.CO_OWNER],
  'webhooks.manage': [Role.OWNER, Role.CO_OWNER],
  /** Answer a person's privacy requests: everything stored about them, and erasing them (privacy/). */
  'privacy.requests': [Role.OWNER, Role.CO_OWNER],
  /** Define, change and delete the account's custom fields (values follow the records' rights). */
  'fields.manage': [Role.OWNER, Role.CO_OWNER],
  /** Read and export the account's audit trail (audit/). */
  'audit.read': [Role.OWNER, Role.CO_OWNER],
  /** Take the whole account out as one package, and bring a package into an empty account (accountpackage/). */
  'account.package': [Role.OWNER, Role.CO_OWNER],
} as const satisfies Record<string, readonly Role[]>;

export type Right = keyof typeof rights;

/**
 * Rights an API key never holds, whatever its role: they decide who has access
 * to the account (or end it), and a leaked key must not be able to grant
 * access that outlives its own revocation. A webhook is such access too: it
 * keeps sending every change to its URL after the key that registered it is
 * revoked, so only people manage webhooks.
 */
export const peopleOnlyRights: readonly Right[] = [
  'team.manage',
  'team.manageOwner',
  'account.transferOwnership',
  'account.delete',
  'account.settings',
  'account.security',
  'billing.manage',
  'apiKeys.manage',
  'webhooks.manage',
  'privacy.requests',
  // The account's shape, like its settings: changed by people, not by integrations (a key may read and write values).
  'fields.manage',
  // Who did what, and from which address, is for the people who run the account, not for a program holding a key.
  'audit.read',
  // The whole account in one file, and filling an account from one: for the people who run it, not for a key.
  'account.package',
];

/** How many records an EXTENDED member may delete in one request. */
export const bulkDeleteLimit = 10;

/**
 * How many records `role` may delete in one request, across all its
 * operations: any number with "records.bulkDelete", `bulkDeleteLimit` with
 * "records.delete" alone, none without it.
 */
export function maxDeletesPerRequest(role: Role): number {
  if (can(role, 'records.bulkDelete')) return Infinity;
  return can(role, 'records.delete') ? bulkDeleteLimit : 0;
}

export function can(role: Role, right: Right): boolean {
  return (rights[right] as readonly Role[]).includes(role);
}

/** The roles from the most rights to the fewest; each holds every right of the roles after it (account-rights.test pins this). */
export const rolesByRights: readonly Role[] = [Role.OWNER, Role.CO_OWNER, Role.EXTENDED, Role.NORMAL];

/** The role with fewer rights of the two: what an API key acts with when its creator's role is below the key's. */
export function lowerRole(a: Role, b: Role): Role {
  return rolesByRights.indexOf(a) >= rolesByRights.indexOf(b) ? a : b;
}

/** The role with more rights of the two: what a login keeps when another login's membership of the same account merges into it. */
export function higherRole(a: Role, b: Role): Role {
  return lowerRole(a, b) === a ? b : a;
}

/** Whether every role holds `right`: then checking it needs no role, and the role need not be known yet. */
export function everyRoleHolds(right: Right): boolean {
  return Object.values(Role).every((role) => can(role, right));
}
