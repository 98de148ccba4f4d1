import type { MikroORM as Orm, PostgreSqlConnection } from '@mikro-orm/postgresql';
import pg from 'pg';
import { citusOf } from './citus.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { accountMigrationStatements, accountSchemaName, latestAccountSchemaVersion, recordSchemaVersionStatement, versionFromAppliedNames } from './account-schema.js';
import { retryAfterSeconds } from './database-unavailable.js';
import { quoteIdent, quoteLiteral } from './sql.js';

/** What bringing one account schema up to date did. */
export type AccountMigrationOutcome =
  | { kind: 'current' }
  | { kind: 'migrated'; from: number; to: number }
  /** The account is deleted (or never was): there is nothing to migrate. */
  | { kind: 'gone' };

/**
 * Which account schemas this process knows to be at the latest version, and
 * the one way to bring one there. Start-up reads every account's recorded
 * version in one query (`noteVersions`) and touches no schema; an account
 * that is behind is migrated in the background (account-migration-run.ts)
 * or, when a request reaches it first, before that request's first
 * statement (`untilCurrent`, called by AccountScope and the workers): no
 * statement of the current code ever reads a schema that is behind.
 *
 * Each account is migrated in a transaction of its own that also records its
 * new version (`account.schema_version`), under a per-account advisory lock,
 * so processes and requests that meet on one account wait for each other and
 * a process killed at any moment leaves every schema either as it was or
 * fully migrated. "Current" only ever grows: no process moves a schema back.
 *
 * The migrations run on a small pool of their own (`poolSize` connections),
 * without a statement timeout, so they never take the connections requests
 * and look-ups wait for.
 */
export class AccountSchemas {
  private readonly current = new Set<string>();
  private readonly inFlight = new Map<string, Promise<AccountMigrationOutcome>>();
  private pool: pg.Pool | undefined;

  constructor(
    private readonly orm: Orm,
    private readonly poolSize: number,
    private readonly logger?: Logger,
  ) {}

  /** Records versions read elsewhere (start-up's one query); returns the accounts that are behind. */
  noteVersions(rows: { id: string; schema_version: number | null }[]): string[] {
    const behind: string[] = [];
    for (const row of rows) {
      if (row.schema_version !== null && row.schema_version >= latestAccountSchemaVersion) this.current.add(row.id);
      else behind.push(row.id);
    }
    return behind;
  }

  /** Notes an account whose schema was just created at the latest version (by this process). */
  noteCurrent(accountId: string): void {
    this.current.add(accountId);
  }

  /**
   * Nothing when the account's schema is known to be current; otherwise a
   * promise that settles once it is (migrating it, or waiting for whoever
   * is). A migration that fails is logged and answers SERVICE_UNAVAILABLE:
   * the schema stays as it was, and the request reads nothing.
   */
  untilCurrent(accountId: string): Promise<void> | undefined {
    if (this.current.has(accountId)) return undefined;
    return this.bringUp(accountId).then(
      () => undefined,
      (error: unknown) => {
        this.logger?.error('an account schema could not be migrated', { accountId, error });
        throw new KontorError(ErrorCode.SERVICE_UNAVAILABLE, 'This account is being updated. Please try again in a moment.', { retryAfterSeconds });
      },
    );
  }

  /** Brings one account's schema to the latest version (one migration at a time per account in this process). */
  bringUp(accountId: string): Promise<AccountMigrationOutcome> {
    let running = this.inFlight.get(accountId);
    if (!running) {
      running = this.migrate(accountId).finally(() => this.inFlight.delete(accountId));
      this.inFlight.set(accountId, running);
    }
    return running;
  }

  /** Ends the migration pool. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  private async migrate(accountId: string): Promise<AccountMigrationOutcome> {
    const client = await this.connections().connect();
    let broken = false;
    try {
      // Most accounts a process meets after start are current: one statement, no lock, no transaction.
      const [seen] = (await client.query<{ schema_version: number | null }>('select schema_version from account where id = $1 and deleted_at is null', [accountId])).rows;
      if (!seen) return { kind: 'gone' };
      if (seen.schema_version !== null && seen.schema_version >= latestAccountSchemaVersion) return this.noted(accountId, { kind: 'current' });
      return await this.migrateLocked(client, accountId);
    } catch (error) {
      await client.query('rollback').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async migrateLocked(client: pg.PoolClient, accountId: string): Promise<AccountMigrationOutcome> {
    const schemaName = accountSchemaName(accountId);
    const schema = quoteIdent(schemaName);
    // Whoever holds the lock is migrating this schema: wait for them, then read the version they recorded.
    const [row] = (
      await client.query<{ schema_version: number | null }>(
        `begin;
         select pg_advisory_xact_lock(hashtext(${quoteLiteral(`kontor:migrate:${schemaName}`)}));
         select schema_version from account where id = ${quoteLiteral(accountId)} and deleted_at is null`,
      ).then((results) => (results as unknown as pg.QueryResult[]).at(-1)!)
    ).rows;
    if (!row) {
      await client.query('rollback');
      return { kind: 'gone' };
    }
    let from = row.schema_version;
    if (from === null) {
      // A schema from before the version column: its own table says which migrations it has.
      const hasTable = (await client.query(`select to_regclass(${quoteLiteral(`${schema}.kontor_migrations`)}) is not null as has`)).rows[0].has as boolean;
      const names = hasTable ? (await client.query<{ name: string }>(`select name from ${schema}.kontor_migrations`)).rows.map((r) => r.name) : [];
      from = versionFromAppliedNames(new Set(names));
    }
    const statements = from >= latestAccountSchemaVersion ? [] : await accountMigrationStatements(this.orm.em, schemaName, from);
    const all = [...statements, recordSchemaVersionStatement(schemaName, Math.max(from, latestAccountSchemaVersion)), 'commit'];
    if (await citusOf(this.orm.em)) {
      // Citus forwards some DDL on a distributed schema to its worker with the whole query string, and a worker
      // refuses several commands in one ("cannot insert multiple commands into a prepared statement"): one at a time.
      for (const statement of all) await client.query(statement);
    } else {
      // The schema and its recorded version change in one transaction, in one round trip.
      await client.query(all.join(';\n'));
    }
    return this.noted(accountId, statements.length > 0 ? { kind: 'migrated', from, to: latestAccountSchemaVersion } : { kind: 'current' });
  }

  private noted(accountId: string, outcome: AccountMigrationOutcome): AccountMigrationOutcome {
    this.current.add(accountId);
    return outcome;
  }

  private connections(): pg.Pool {
    if (this.pool) return this.pool;
    const pool = new pg.Pool({
      ...((this.orm.em.getConnection() as PostgreSqlConnection).getConnectionOptions() as pg.PoolConfig),
      max: this.poolSize,
      idleTimeoutMillis: 10_000,
      // A migration changes every table of its schema, and a backend keeps what it touched for its whole life:
      // a run over 10,000 accounts would grow each connection by the catalogs of thousands. Replaced after 50.
      maxUses: 50,
      application_name: 'kontor-account-migrations',
      // A migration waits at most this long for a table a long request holds, rather than queueing every request behind it.
      options: '-c lock_timeout=10000',
    });
    // A connection the server ends (a restart, a terminated backend) emits 'error' even while checked out.
    pool.on('connect', (client) => client.on('error', () => undefined));
    pool.on('error', () => undefined);
    this.pool = pool;
    return pool;
  }
}

const instances = new WeakMap<Orm, AccountSchemas>();

/** The account schemas of an ORM instance (one per process); `orm.close()` ends its pool. */
export function accountSchemasOf(orm: Orm): AccountSchemas {
  const schemas = instances.get(orm);
  if (!schemas) throw new Error('this ORM instance was not made by openOrm: it has no account schemas');
  return schemas;
}

/** Gives `orm` its account schemas (db/orm.ts, once). */
export function attachAccountSchemas(orm: Orm, poolSize: number, logger?: Logger): void {
  const schemas = new AccountSchemas(orm, poolSize, logger);
  instances.set(orm, schemas);
  const close = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    await close(force);
    await schemas.close();
  };
}
