import type { Orm } from './orm.js';
import type { Logger } from '../logging/logger.js';
import { accountSchemasOf } from './account-schemas.js';
import { latestAccountSchemaVersion } from './account-schema.js';

export interface MigrationState {
  /** Global migrations applied now. */
  global: string[];
  /** Accounts (not deleted). */
  accounts: number;
  /** Accounts whose schema is behind the latest version, oldest first: for the background run or `accounts:migrate`. */
  behind: string[];
}

/**
 * Brings the global schema up to date at start (a lock keeps two starting
 * processes from doing it at once), then reads, in one query, which version
 * every account schema is at. No account schema is touched here: those that
 * are behind are migrated in the background or on first access
 * (account-schemas.ts), so start-up takes the same time with 10 or 10,000
 * accounts.
 */
export async function migrateDatabase(orm: Orm, logger: Logger): Promise<MigrationState> {
  const em = orm.em.fork();
  const knex = em.getConnection().getKnex();
  // A session-level lock needs one connection for its whole life: take it from the pool by hand.
  const lockClient = await knex.client.acquireConnection();
  let global: string[];
  try {
    await lockClient.query(`select pg_advisory_lock(hashtext('kontor:migrate'))`);
    global = (await withoutTableListing(orm).up()).map((migration) => migration.name);
    if (global.length > 0) logger.info('global schema migrated', { migrations: global });
  } finally {
    await lockClient.query(`select pg_advisory_unlock(hashtext('kontor:migrate'))`).catch(() => undefined);
    await knex.client.releaseConnection(lockClient);
  }

  const versions = await em.execute<{ id: string; schema_version: number | null }[]>(
    'select id, schema_version from account where deleted_at is null order by created_at',
  );
  const behind = accountSchemasOf(orm).noteVersions(versions);
  if (behind.length > 0) logger.info('account schemas behind', { behind: behind.length, accounts: versions.length, version: latestAccountSchemaVersion });
  return { global, accounts: versions.length, behind };
}

/**
 * MikroORM's migrator makes sure its table exists by listing every table of
 * the database (with a comment look-up per table): with thousands of account
 * schemas that one query outlasts the statement timeout and start-up fails.
 * Ask PostgreSQL for the one table instead; only a database without it (a
 * fresh one, with no account schemas yet) takes MikroORM's own way.
 */
function withoutTableListing(orm: Orm): ReturnType<Orm['getMigrator']> {
  const migrator = orm.getMigrator();
  const storage = (migrator as unknown as { storage: { ensureTable(): Promise<void> } }).storage;
  const ensureTable = storage.ensureTable.bind(storage);
  storage.ensureTable = async () => {
    const [row] = await orm.em.fork().execute<{ found: boolean }[]>(`select to_regclass('public.kontor_migrations') is not null as found`);
    if (!row?.found) await ensureTable();
  };
  return migrator;
}
