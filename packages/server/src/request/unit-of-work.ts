import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountScope } from './account-scope.js';

/**
 * What every account service takes first: the request's account and the two
 * units of work it may touch, named the same everywhere.
 *
 * - `accountEm()`: the account's entity manager, inside the request's account
 *   transaction (opened on first use, committed with the request);
 * - `globalEm`: an entity manager on the global schema (users, accounts,
 *   memberships, invitations, API keys, subscriptions, invoices), outside the
 *   account's transaction; a service that changes several global rows at
 *   once opens its own transaction on it (`globalEm.fork().transactional`).
 *
 * Resolvers receive it with `@Work()` (parameters.ts). CRM services take
 * `Crm`/`CrmReader` (crm/common/crm-context.ts), which carry the same scope.
 */
export interface UnitOfWork {
  scope: AccountScope;
  /** The user the request acts for; for an API key, the key's creator. */
  userId: string;
  accountEm(): Promise<EntityManager>;
  globalEm: EntityManager;
}

export function unitOfWork(scope: AccountScope, globalEm: EntityManager): UnitOfWork {
  return { scope, userId: scope.userId, accountEm: () => scope.em(), globalEm };
}
