import type { EntityClass } from '@mikro-orm/core';
import { MikroORM, ReflectMetadataProvider, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type pg from 'pg';
import { attachAccountSchemas } from './account-schemas.js';
import { attachRequestPool, defaultPoolSettings, guardLookupPool, type PoolSettings } from './connection-pools.js';
import { deferTransactionStart } from './deferred-begin.js';
import { countSchemaChanges, schemaChangesOf } from './schema-change-count.js';
import type { Logger } from '../logging/logger.js';
import { globalMigrations } from './migrations/global/index.js';

export type Orm = MikroORM;

/** How long a connection of the ORM's own pool (the look-up pool) may live: ten minutes, as the request pool's. */
export const lookupConnectionLifetimeMs = 600_000;

/** How many account schemas a look-up connection may create, rename or drop before it is replaced (schema-change-count.ts). */
export const lookupSchemaChangesPerConnection = 50;

/**
 * The one ORM instance of a process. The global schema's migrations are known
 * to MikroORM's migrator; account schemas are migrated by our own runner
 * (`account-schema.ts`), because the migrator knows only one schema.
 * The entity list is given by the caller (`src/entities.ts`, which knows
 * every feature), so the database layer imports no feature.
 */
export function ormOptions(entities: EntityClass<unknown>[], url: string, logger?: Logger, pools: PoolSettings = defaultPoolSettings): Options {
  return {
    clientUrl: url,
    entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList: globalMigrations,
      tableName: 'kontor_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      disableForeignKeys: false,
    },
    // Never let the schema generator near a database that holds account schemas.
    schemaGenerator: { disableForeignKeys: false },
    // The look-up pool (connection-pools.ts): global work, held briefly. Every wait is bounded.
    driverOptions: {
      acquireConnectionTimeout: pools.acquireTimeoutMs,
      connection: { statement_timeout: pools.statementTimeoutMs },
    },
    pool: {
      min: 0,
      max: pools.lookupPoolSize,
      idleTimeoutMillis: 10_000,
      // As the request pool's (connection-pools.ts): a backend keeps the catalog entries of every schema it touched.
      // These connections also run account creation, the keeper's spares and migrations, whose DDL for thousands of
      // schemas grew a backend that was never replaced to 463 MB at 10,000 accounts. knex replaces a connection
      // past this age when it is next taken from the pool.
      // knex 3's options, which MikroORM hands on untouched but whose type does not list them (db/orm.test.ts).
      ...({ maxConnectionLifetimeMillis: pools.lookupConnectionLifetimeMs ?? lookupConnectionLifetimeMs, maxConnectionLifetimeJitterMillis: 0 } as object),
      // And one that ran the DDL of that many account schemas, which is what grows a backend fastest. knex asks this
      // when the connection is next taken from the pool, and replaces it when the answer is false.
      ...({
        validate: (connection: pg.Client) => schemaChangesOf(connection) < (pools.lookupSchemaChangesPerConnection ?? lookupSchemaChangesPerConnection),
      } as object),
      // BEGIN, the caller check and an account's settings travel with the first statement (deferred-begin.ts).
      afterCreate: (connection: pg.Client, done: (error: Error | null, connection: pg.Client) => void) => {
        // At debug level every query string sent to the server is logged: one line per round trip.
        deferTransactionStart(connection, logger && ((text) => logger.debug(text, { component: 'db', sent: true })));
        // Outside the deferral: it sees the ORM's statements as written.
        countSchemaChanges(connection);
        done(null, connection);
      },
    },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: logger ? ['query'] : false,
    logger: logger ? (message) => logger.debug(message, { component: 'orm' }) : undefined,
  };
}

export interface OpenOrmOptions {
  logger?: Logger;
  pools?: PoolSettings;
  /** Every statement at debug level. */
  logQueries?: boolean;
}

/** The ORM (whose pool is the look-up pool) with its request pool attached (connection-pools.ts). */
export async function openOrm(entities: EntityClass<unknown>[], url: string, options: OpenOrmOptions = {}): Promise<Orm> {
  const { logger, pools = defaultPoolSettings } = options;
  const queryLogger = options.logQueries ? logger : undefined;
  const orm = await MikroORM.init(ormOptions(entities, url, queryLogger, pools));
  attachRequestPool(orm, pools, logger, queryLogger);
  attachAccountSchemas(orm, (pools.accountMigrationConcurrency ?? 4) + 2, logger);
  guardLookupPool(orm, process.env.NODE_ENV === 'test', logger);
  return orm;
}
