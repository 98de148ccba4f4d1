import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { CallerCheck, MembershipFacts } from './caller-check.js';
import type { Orm } from '../db/orm.js';
import { accountSchemaName, assertAccountSchemaName } from '../db/account-schema.js';
import { accountSchemasOf } from '../db/account-schemas.js';
import { assertHoldsNoGlobalTransaction, lookupConnections, requestConnections, type ConnectionSource } from '../db/connection-pools.js';
import { beginTransaction, inlineParameters, positionalParameters, queryThrough, statementsThrough, tableThrough, type TransactionPlan } from '../db/deferred-begin.js';
import { quoteIdent } from '../db/sql.js';
import type { Role } from '../accounts/roles.js';

export interface ScopedAccount {
  id: string;
  name: string;
  slug: string;
  schemaName: string;
  planCode: string;
}

/** The account and the caller's place in it, as the database confirmed them. */
export interface ScopeDetails {
  account: ScopedAccount;
  membership: { id: string; role: Role };
}

/**
 * The account a request works in, and the one way to that account's data:
 * `query()` for raw SQL and `em()` for the ORM. On first use it takes a
 * connection from the request pool (the one connection of that pool this
 * request will ever hold: db/connection-pools.ts) and begins the request's
 * transaction on it, under the
 * account's own database role with the search path set to the account's
 * schema, so even a query that names another account's schema is refused by
 * PostgreSQL itself. The ORM joins that transaction only when asked for.
 *
 * For a user's token, the account and role are not known to be good until the
 * caller check has passed (caller-check.ts): it travels in front of the
 * first statement, and `details()` (and with it `role()`) waits for it. A
 * request that only reads opens no server-side transaction at all
 * (deferred-begin.ts).
 */
export class AccountScope {
  private connecting: Promise<pg.Client> | undefined;
  private entityManager: Promise<EntityManager> | undefined;
  private finished = false;
  private readOnly = false;
  private before: TransactionPlan['before'];
  private readonly afterwards: (() => Promise<void>)[] = [];
  readonly schemaName: string;

  private constructor(
    private readonly orm: Orm,
    readonly accountId: string,
    /** The user the request acts for; for an API key, the user who created the key. */
    readonly userId: string,
    private known: ScopeDetails | undefined,
    private readonly check: CallerCheck | undefined,
    /** Set when the request authenticated with an API key rather than a user's token. */
    readonly apiKeyId: string | undefined,
    /** The request pool, unless the scope lives for one query only (cross-account search): see connection-pools.ts. */
    private readonly connections: ConnectionSource,
  ) {
    this.schemaName = known?.account.schemaName ?? accountSchemaName(accountId);
  }

  /** A scope whose account and membership were read from the database already. */
  static verified(orm: Orm, details: ScopeDetails, userId: string, apiKeyId?: string, connections = requestConnections(orm)): AccountScope {
    assertAccountSchemaName(details.account.schemaName);
    return new AccountScope(orm, details.account.id, userId, details, undefined, apiKeyId, connections);
  }

  /** A scope for a user's token whose check is still to come (with the first statement, or on its own). */
  static pending(orm: Orm, check: CallerCheck, connections = requestConnections(orm)): AccountScope {
    const { accountId, userId } = check.claims;
    if (accountId === undefined) throw new Error('a pending account scope needs a token scoped to an account');
    return new AccountScope(orm, accountId, userId, undefined, check, undefined, connections);
  }

  /** The account and membership, once the database has confirmed them; throws UNAUTHENTICATED or FORBIDDEN when it did not. */
  async details(): Promise<ScopeDetails> {
    this.known ??= detailsOf(this.accountId, this.schemaName, await this.check!.membership());
    return this.known;
  }

  async role(): Promise<Role> {
    return (await this.details()).membership.role;
  }

  /** The request is a query: its statements run as read-only implicit transactions. Call before `em()` or `query()`. */
  markReadOnly(): void {
    if (!this.connecting) this.readOnly = true;
  }

  /**
   * Sends `sql` (a read without parameters) after the settings, in front of the transaction's first statement, and
   * hands its rows to `answer`: for the question every change asks first (the package-import guard), at no round
   * trip of its own. False when the transaction has begun already (or the request only reads): ask it on its own then.
   */
  withFirstStatement(sql: string, answer: (rows: Record<string, unknown>[]) => void): boolean {
    if (this.finished || this.connecting || this.readOnly || this.before) return false;
    this.before = { sql, answer };
    return true;
  }

  /** Empties the entity manager, if one was opened: after a rollback to a savepoint, what it tracks is no longer stored. */
  async clearOrm(): Promise<void> {
    (await this.entityManager?.catch(() => undefined))?.clear();
  }

  /**
   * The account's entity manager, inside the request's transaction: a knex
   * transaction joins the one the scope began on its connection, so ORM work
   * and `query()` see the same transaction.
   */
  em(): Promise<EntityManager> {
    if (this.finished) throw new Error('the request that owned this account scope has finished');
    this.entityManager ??= this.joinOrm();
    return this.entityManager;
  }

  /**
   * Runs SQL (with `?` placeholders) in the request's transaction straight on
   * its connection, past the ORM: for the hot read paths (lists, batch
   * loaders) whose rows are mapped by hand anyway.
   */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryThrough<T>(await this.connection(), positionalParameters(sql), params);
  }

  /**
   * Runs several statements (each SQL with `?` placeholders, and its parameters) in the request's transaction in one
   * round trip, and answers each one's rows: for a change whose steps need no answer from each other (creating a
   * person). They travel as one simple-protocol query with the parameters written in as literals, as the first
   * statement of every transaction does (db/deferred-begin.ts); each still takes its own snapshot, so a statement
   * sees what the ones before it did and what others committed meanwhile, as if sent one by one. An error stops the
   * rest.
   */
  async statements(list: [sql: string, params?: unknown[]][]): Promise<Record<string, unknown>[][]> {
    const texts = list.map(([sql, params = []]) => inlineParameters(positionalParameters(sql), params));
    return statementsThrough(await this.connection(), texts);
  }

  /**
   * As `query`, with each row an array of column values, named by `columns`.
   * For pages of records: pg builds an array per row instead of an object
   * with a property per column, which is a measurable share of a list request.
   * `prepare`: kept prepared on the connection (db/deferred-begin.ts,
   * `preparedForm`), for a statement PostgreSQL can infer every parameter's type of.
   */
  async table(sql: string, params: unknown[] = [], options: { prepare?: boolean } = {}): Promise<{ columns: string[]; rows: unknown[][] }> {
    return tableThrough(await this.connection(), positionalParameters(sql), params, options.prepare);
  }

  /**
   * Runs `work` in a transaction of its own in this account, under the
   * account's role and search path like the request's, on a look-up
   * connection, and commits it before returning (rolls it back when `work`
   * throws). For the one change that cannot share the request's transaction:
   * a custom column's DDL, which runs as the tables' owner, and Citus refuses
   * a transaction in which two roles touch one account's tables
   * (customfields/custom-columns.ts). `work` must not wait for a lock the
   * request's own transaction holds.
   */
  async apart<T>(work: (scope: AccountScope) => Promise<T>): Promise<T> {
    const details = await this.details();
    const scope = AccountScope.verified(this.orm, details, this.userId, this.apiKeyId, lookupConnections(this.orm));
    try {
      const result = await work(scope);
      await scope.finish(true);
      return result;
    } catch (error) {
      await scope.finish(false);
      throw error;
    }
  }

  /**
   * Runs `then` once the request's transaction has ended, committed or not
   * (in `finish`, before the answer goes out). `then` must not throw: the
   * request's outcome is settled by then.
   */
  afterFinish(then: () => Promise<void>): void {
    if (this.finished) throw new Error('the request that owned this account scope has finished');
    this.afterwards.push(then);
  }

  /** The request's pooled connection, with the account's transaction begun on it (nothing is sent until the first statement). */
  private connection(): Promise<pg.Client> {
    if (this.finished) throw new Error('the request that owned this account scope has finished');
    this.connecting ??= this.open();
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    // Waiting for this connection while a global transaction holds a look-up connection could deadlock the pools.
    assertHoldsNoGlobalTransaction(this.orm);
    // A schema behind the code's version is migrated (or waited for) before anything reads it: never a mixed state.
    await accountSchemasOf(this.orm).untilCurrent(this.accountId);
    const connection = await this.connections.acquire(this.schemaName);
    // Raw SQL names tables unqualified: the search path makes them this account's, and only this account's.
    const schema = quoteIdent(this.schemaName);
    const check = this.known || this.check?.hasPassed() ? undefined : this.check;
    beginTransaction(connection, {
      settings: [`SET LOCAL ROLE ${schema}`, `SET LOCAL search_path TO ${schema}`],
      readOnly: this.readOnly,
      before: this.before,
      check: check && { sql: check.statement(), passed: () => check.hasPassed(), settle: (error, rows) => void check.settle(error, rows) },
    });
    return connection;
  }

  private async joinOrm(): Promise<EntityManager> {
    const connection = await this.connection();
    const em = this.orm.em.fork({ schema: this.schemaName, clear: true }) as EntityManager;
    em.setTransactionContext(await this.knex().transaction({ connection }));
    return em;
  }

  private knex(): Knex {
    return (this.orm.em as EntityManager).getConnection().getKnex();
  }

  /** Commits (or rolls back) the request's transaction, returns its connection to the pool, then runs what `afterFinish` asked for. Safe to call twice. */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.end(commit);
    } finally {
      for (const then of this.afterwards) await then();
    }
  }

  private async end(commit: boolean): Promise<void> {
    const connection = await this.connecting?.catch(() => undefined);
    if (!connection) return;
    let broken = false;
    try {
      const em = await this.entityManager?.catch(() => undefined);
      if (em) await (commit ? em.commit() : em.rollback());
      else await queryThrough(connection, commit ? 'COMMIT;' : 'ROLLBACK');
    } catch (error) {
      // A failed flush or commit must not leave the transaction open on a pooled connection; one that cannot even roll back is dropped.
      await queryThrough(connection, 'ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      this.connections.release(connection, broken);
    }
  }
}

function detailsOf(accountId: string, schemaName: string, facts: MembershipFacts): ScopeDetails {
  return {
    account: { id: accountId, name: facts.accountName, slug: facts.slug, schemaName, planCode: facts.planCode },
    membership: { id: facts.membershipId, role: facts.role },
  };
}
