import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import { assertAccountSchemaName } from '../db/account-schema.js';
import { deferredSetting } from '../db/deferred-begin.js';
import { quoteIdent } from '../db/sql.js';
import type { Role } from './roles.js';

export interface ScopedAccount {
  id: string;
  name: string;
  slug: string;
  schemaName: string;
  planCode: string;
}

/**
 * The account a request works in, with the caller's membership, and the one
 * way to reach that account's data: `em()`. It opens (on first use) a single
 * transaction for the whole request, under the account's own database role,
 * with an entity manager forked for the account's schema. So even a query that
 * names another account's schema is refused by PostgreSQL itself.
 */
export class AccountScope {
  private transaction: Promise<EntityManager> | undefined;
  private finished = false;

  constructor(
    private readonly orm: Orm,
    readonly account: ScopedAccount,
    readonly membership: { id: string; role: Role },
    readonly userId: string,
  ) {
    assertAccountSchemaName(account.schemaName);
  }

  get role(): Role {
    return this.membership.role;
  }

  /** The account's entity manager, inside the request's transaction. */
  em(): Promise<EntityManager> {
    if (this.finished) throw new Error('the request that owned this account scope has finished');
    this.transaction ??= this.begin();
    return this.transaction;
  }

  private async begin(): Promise<EntityManager> {
    const em = this.orm.em.fork({ schema: this.account.schemaName, clear: true }) as EntityManager;
    await em.begin();
    // Raw SQL names tables unqualified: the search path makes them this account's, and only this account's.
    // Both settings travel with the transaction's first statement (deferred-begin.ts): no round trip of their own.
    const schema = quoteIdent(this.account.schemaName);
    await em.execute(`${deferredSetting}set local role ${schema}; set local search_path to ${schema}`);
    return em;
  }

  /** Commits (or rolls back) the request's transaction, if one was opened. Safe to call twice. */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (!this.transaction) return;
    const em = await this.transaction.catch(() => undefined);
    if (!em) return;
    if (commit) await em.commit();
    else await em.rollback();
  }
}
