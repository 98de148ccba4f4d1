import type { MetadataStorage } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import type { AccountScope } from './account-scope.js';
import { accountSchemasOf } from '../db/account-schemas.js';

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
 *   It is forked on first use, so a list that never touches the global schema
 *   pays nothing for it;
 * - `metadata`: the entities' metadata, for services that map raw SQL rows to
 *   entities (crm/common/row-mapper.ts) without opening an entity manager.
 *
 * Resolvers receive it with `@Work()` (parameters.ts); the request's batch
 * loaders make their own from the request (crm/common/loaders.ts).
 */
export interface UnitOfWork {
  readonly scope: AccountScope;
  /** The user the request acts for; for an API key, the key's creator. */
  readonly userId: string;
  /** `this` typed: destructured (`const { accountEm } = work`), the call would not compile, as it would fail. */
  accountEm(this: UnitOfWork): Promise<EntityManager>;
  readonly globalEm: EntityManager;
  readonly metadata: MetadataStorage;
  /** The caller's address (http/client-address.ts), for the audit trail; unknown outside an HTTP request. */
  readonly clientAddress: string | undefined;
  /**
   * Waits until the account's schema is at the code's version. A service that
   * writes into the schema through `globalEm` (the audit trail, in the same
   * transaction as a global change) calls it before that transaction begins;
   * the scope's own connection does it by itself.
   */
  untilSchemaCurrent(this: UnitOfWork): Promise<void>;
}

export function unitOfWork(scope: AccountScope, orm: Orm, clientAddress?: string): UnitOfWork {
  return new RequestUnitOfWork(scope, orm, clientAddress);
}

/**
 * A class, its getters and methods on the prototype: the object literal this was, with a getter and closures over
 * the request, kept every finished request alive through the young-generation collections (V8 keeps an object
 * literal's accessors in its hidden class, made anew for each request and allocated old), so all it reached was
 * promoted to the old generation (unit-of-work.test.ts). Spreading it (`{ ...work }`) would lose the prototype's
 * members: pass it on whole.
 */
class RequestUnitOfWork implements UnitOfWork {
  readonly userId: string;
  private forkedGlobalEm: EntityManager | undefined = undefined;

  constructor(
    readonly scope: AccountScope,
    private readonly orm: Orm,
    readonly clientAddress: string | undefined,
  ) {
    this.userId = scope.userId;
  }

  accountEm(): Promise<EntityManager> {
    return this.scope.em();
  }

  get globalEm(): EntityManager {
    return (this.forkedGlobalEm ??= this.orm.em.fork() as EntityManager);
  }

  get metadata(): MetadataStorage {
    return this.orm.getMetadata();
  }

  async untilSchemaCurrent(): Promise<void> {
    await accountSchemasOf(this.orm).untilCurrent(this.scope.accountId);
  }
}
