import { TransactionContext, type EntityManager, type PostgreSqlConnection } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from '../logging/logger.js';
import { databaseUnavailable } from './database-unavailable.js';
import { deferTransactionStart } from './deferred-begin.js';
// The ORM type straight from MikroORM: orm.ts builds on this file, so importing it back would be a cycle.
import type { MikroORM as Orm } from '@mikro-orm/postgresql';

/**
 * Why two pools. A request that works in an account holds its account
 * connection (under the account's role) for the whole request, and now and
 * then needs a global look-up (user names for a loader, the plan's contact
 * limit, a membership, the standalone caller check), which the account role
 * cannot read. With one pool, 20 such requests held every connection and each
 * waited for a second one: every account stalled until knex gave up after 60 s.
 *
 * The rule that keeps both pools deadlock-free:
 *
 * - the **request pool** gives out only the request's own account connection
 *   (`AccountScope`, at most one per request, held until the request ends);
 *   its holder may wait for a look-up connection;
 * - the **look-up pool** (the ORM's own pool: every `orm.em.fork()`, global
 *   transactions, cross-account search) gives out connections that are held
 *   only for one piece of work that waits for no other connection.
 *
 * Look-up connections are therefore always given back in bounded time, so a
 * request-pool holder waiting for one always gets it, and nobody ever waits
 * for a second connection of a pool they hold one of. `guardLookupPool`
 * refuses (in tests) and reports (elsewhere) the one way to break this: asking
 * for a connection while a global transaction holds one. And every wait is
 * bounded anyway: a full pool answers SERVICE_UNAVAILABLE after
 * `acquireTimeoutMs`, and every statement has a `statement_timeout`.
 */
export interface PoolSettings {
  /** The request pool: at most one connection per request in flight. */
  poolSize: number;
  /** The look-up pool (the ORM's). */
  lookupPoolSize: number;
  /** How long a look-up connection may live (db/orm.ts; ten minutes unless a test says otherwise). */
  lookupConnectionLifetimeMs?: number;
  /** How many account schemas a request connection may work in before it is replaced (1,000 unless a test says otherwise). */
  schemasPerRequestConnection?: number;
  /** How many account schemas a look-up connection may create, rename or drop before it is replaced (db/orm.ts; 50 unless a test says otherwise). */
  lookupSchemaChangesPerConnection?: number;
  acquireTimeoutMs: number;
  statementTimeoutMs: number;
  /** Account schemas migrated at once in the background (db/account-schemas.ts; its pool has two more for requests that meet a schema first). */
  accountMigrationConcurrency?: number;
}

export const defaultPoolSettings: PoolSettings = { poolSize: 10, lookupPoolSize: 5, acquireTimeoutMs: 3000, statementTimeoutMs: 30_000, accountMigrationConcurrency: 4 };

/** How long an idle request connection is kept open (5 minutes; a connection is replaced at 10 minutes old anyway). */
const requestConnectionIdleMs = 300_000;

/** Where an account scope takes its one connection from and gives it back. */
export interface ConnectionSource {
  /** A connection for work in the account schema `schemaName`. */
  acquire(schemaName: string): Promise<pg.Client>;
  /** `broken`: the connection failed (or its transaction could not be ended) and must not be used again. */
  release(connection: pg.Client, broken: boolean): void;
}

interface RequestPool extends ConnectionSource {
  end(): Promise<void>;
  stats(): { inUse: number; waiting: number };
}

const requestPools = new WeakMap<Orm, RequestPool>();

/** The request pool's connections in use and requests waiting for one (for /metrics); undefined before it is attached. */
export function requestPoolStats(orm: Orm): { inUse: number; waiting: number } | undefined {
  return requestPools.get(orm)?.stats();
}

/** The request pool of an ORM instance (see above): only `AccountScope` takes from it, once per request. */
export function requestConnections(orm: Orm): ConnectionSource {
  const pool = requestPools.get(orm);
  if (!pool) throw new Error('this ORM instance was not made by createOrm: it has no request pool');
  return pool;
}

/** The look-up pool, for account scopes whose connection must obey its rule (cross-account search: one query, then back). */
export function lookupConnections(orm: Orm): ConnectionSource {
  const client = (orm.em as EntityManager).getConnection().getKnex().client;
  return {
    acquire: () => client.acquireConnection() as Promise<pg.Client>,
    release: (connection) => void client.releaseConnection(connection),
  };
}

/** Gives `orm` its request pool; `orm.close()` then ends it too. */
export function attachRequestPool(orm: Orm, settings: PoolSettings, logger?: Logger, queryLogger?: Logger): void {
  const pool = new pg.Pool({
    // The ORM's own connection options: the same server and login, and its type parsers (dates stay strings, as MikroORM reads them).
    ...((orm.em.getConnection() as PostgreSqlConnection).getConnectionOptions() as pg.PoolConfig),
    max: settings.poolSize,
    // pg-pool's connection timeout bounds both the wait for a free connection and the connect itself.
    connectionTimeoutMillis: settings.acquireTimeoutMs,
    // A new backend costs PostgreSQL some 25 ms of CPU before its first page (its caches, the check and the pages
    // prepared again): closed after pg's 10 s of idleness, every pause in the traffic longer than that made the
    // requests after it connect again and pay that (the first list page after a 12 s pause took 17 to 53 ms against
    // 2 ms warm; kept, 4 to 8 ms: issue 16). Kept over ordinary pauses instead, as a pooler keeps its server connections.
    idleTimeoutMillis: requestConnectionIdleMs,
    // Replaced after working in so many account schemas (release, below) or at this age.
    maxLifetimeSeconds: 600,
    statement_timeout: settings.statementTimeoutMs,
  });
  const broken = new WeakSet<pg.Client>();
  // Each backend keeps the catalog entries of every account schema it has touched, for its whole life: with thousands
  // of accounts a long-lived connection grows without bound. A list page read in one more schema grew a backend by
  // about 60 KB (README, "Many accounts on one server"), so a connection is replaced once it has worked in 1,000
  // schemas: at most some 60 MB. Counted by schema, not by use: a new backend costs PostgreSQL some 22–25 ms of CPU,
  // which after every 1,000 uses was some 25 µs of a list page's ~250 µs of PostgreSQL CPU (issue 16), and a
  // connection that keeps serving the accounts it knows grows no further.
  const schemasPerConnection = settings.schemasPerRequestConnection ?? 1_000;
  const schemasOf = new WeakMap<pg.Client, Set<string>>();
  pool.on('connect', (poolClient) => {
    // A pooled client is a pg.Client at run time; the types only hide that.
    const client = poolClient as unknown as pg.Client;
    deferTransactionStart(client, queryLogger && ((text) => queryLogger.debug(text, { component: 'db', sent: true })));
    // A connection the server ends (a restart) emits 'error' even while checked out: without a listener, the process would crash.
    client.on('error', (error) => {
      broken.add(client);
      logger?.warn('a database connection failed', { error: error.message });
    });
  });
  // Errors of idle connections: pg-pool has already dropped the connection.
  pool.on('error', () => undefined);
  const requestPool: RequestPool = {
    acquire: async (schemaName) => {
      let connection: pg.Client;
      try {
        connection = (await pool.connect()) as unknown as pg.Client;
      } catch (error) {
        throw databaseUnavailable(error) ?? error;
      }
      const schemas = schemasOf.get(connection) ?? new Set<string>();
      schemasOf.set(connection, schemas.add(schemaName));
      return connection;
    },
    release: (connection, failed) => {
      const spent = (schemasOf.get(connection)?.size ?? 0) >= schemasPerConnection;
      (connection as unknown as pg.PoolClient).release(failed || spent || broken.has(connection) ? true : undefined);
    },
    end: () => pool.end(),
    stats: () => ({ inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
  };
  requestPools.set(orm, requestPool);
  const close = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    await close(force);
    await requestPool.end();
  };
}

/**
 * Enforces the look-up pool's rule where it can be broken: a connection (of
 * either pool) asked for while a global transaction (`em.transactional`)
 * holds one. Under NODE_ENV=test that throws, so the test of the resolver
 * that does it fails; elsewhere it is logged and allowed (the acquire timeout
 * still bounds the wait).
 */
export function guardLookupPool(orm: Orm, refuse: boolean, logger?: Logger): void {
  guards.set(orm, { refuse, logger });
  const client = (orm.em as EntityManager).getConnection().getKnex().client;
  const acquire = client.acquireConnection.bind(client);
  client.acquireConnection = async () => {
    assertHoldsNoGlobalTransaction(orm);
    return acquire();
  };
}

const guards = new WeakMap<Orm, { refuse: boolean; logger?: Logger }>();

/** Throws (in tests; logs elsewhere) when the current async context runs inside a global transaction that has its connection. */
export function assertHoldsNoGlobalTransaction(orm: Orm): void {
  const guard = guards.get(orm);
  const em = TransactionContext.getEntityManager(orm.em.name) as EntityManager | undefined;
  if (!guard || em?.getTransactionContext() === undefined) return;
  const error = new Error(
    'a database connection was asked for while a global transaction holds one: use the transaction\'s entity manager, or take the account scope before the transaction (db/connection-pools.ts)',
  );
  if (guard.refuse) throw error;
  guard.logger?.warn('a connection was asked for inside a global transaction', { stack: error.stack });
}
