import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm } from '../entities.js';
import { silentLogger } from '../logging/logger.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { TestClient, signUpNew } from '../testing/test-client.js';
import { createTestDatabase, withClient, type TestDatabase } from '../testing/test-database.js';
import { accountSchemaName, accountSchemaStatements, latestAccountSchemaVersion } from './account-schema.js';
import { migrateAccountSchemas } from './account-migration-run.js';
import { accountSchemasOf } from './account-schemas.js';
import { migrateDatabase } from './migrate.js';
import { accountMigrations } from './migrations/account/index.js';
import type { Orm } from './orm.js';

let database: TestDatabase;
let orm: Orm;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await createOrm(database.url);
  await migrateDatabase(orm, silentLogger);
  await accountAtVersion(latestAccountSchemaVersion);
});

afterAll(async () => {
  await orm.close(true);
  await database.drop();
});

const tableCount = (schema: string) =>
  withClient(database.url, async (client) => Number((await client.query('select count(*) as n from pg_tables where schemaname = $1', [schema])).rows[0].n));

/** The tables a schema has at each version, measured on a schema made at that version. */
const tablesAtVersion = new Map<number, number>();

/** An account whose schema was made at `version` (an older release of Kontor) and never migrated since. */
async function accountAtVersion(version: number): Promise<string> {
  const id = randomUUID();
  const schema = accountSchemaName(id);
  await orm.em.fork().transactional(async (em) => {
    await em.execute("insert into account (id, name, slug, schema_name, plan_code) values (?, 'Old', ?, ?, 'TEAM')", [id, `old-${id}`, schema]);
    await em.execute((await accountSchemaStatements(em, schema, version)).join(';\n'));
  });
  if (!tablesAtVersion.has(version)) tablesAtVersion.set(version, await tableCount(schema));
  return id;
}

const versionOf = async (id: string) => (await orm.em.fork().execute('select schema_version from account where id = ?', [id]))[0]!.schema_version as number | null;

describe('account schemas', () => {
  it('migrate a schema from before the version column from what its own kontor_migrations table records', async () => {
    const id = await accountAtVersion(2);
    const schema = accountSchemaName(id);
    await withClient(database.url, async (client) => {
      await client.query(`create table ${schema}.kontor_migrations (name text primary key, executed_at timestamptz not null default now())`);
      for (const migration of accountMigrations.slice(0, 2)) await client.query(`insert into ${schema}.kontor_migrations (name) values ($1)`, [migration.name]);
      await client.query('update account set schema_version = null where id = $1', [id]);
    });
    expect((await migrateDatabase(orm, silentLogger)).behind).toContain(id);
    // Re-running the first two migrations would fail ("already exists"): only the rest may run.
    expect(await accountSchemasOf(orm).bringUp(id)).toEqual({ kind: 'migrated', from: 2, to: latestAccountSchemaVersion });
    expect(await versionOf(id)).toBe(latestAccountSchemaVersion);
    // Every table of the latest version, and the old record table it keeps.
    expect(await tableCount(schema)).toBe(tablesAtVersion.get(latestAccountSchemaVersion)! + 1);
  });

  it('migrate many behind accounts in parallel, each recorded; a second run finds nothing to do', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => accountAtVersion(1)));
    const first = await migrateAccountSchemas(accountSchemasOf(orm), ids, { concurrency: 4, logger: silentLogger });
    expect(first).toMatchObject({ total: 12, migrated: 12, failed: [] });
    for (const id of ids) expect(await versionOf(id)).toBe(latestAccountSchemaVersion);
    // A fresh process (a new ORM) reads the versions at start and has nothing left.
    const other = await createOrm(database.url);
    try {
      const state = await migrateDatabase(other, silentLogger);
      expect(state.behind.filter((id) => ids.includes(id))).toEqual([]);
    } finally {
      await other.close(true);
    }
  });

  it('leave a schema whose migration was cut off (its process killed) exactly as it was, and finish it on the next run', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => accountAtVersion(1)));
    const victim = ids[3]!;
    await withClient(database.adminUrl, async (admin) => {
      // Holding the victim's account row makes its migration wait after all its DDL, just before recording its version.
      await admin.query('begin');
      await admin.query('select 1 from account where id = $1 for update', [victim]);
      const run = migrateAccountSchemas(accountSchemasOf(orm), ids, { concurrency: 2, logger: silentLogger });
      await waitUntil(async () =>
        Number(
          (await admin.query(`select count(*) as n from pg_stat_activity where application_name = 'kontor-account-migrations' and wait_event_type = 'Lock'`)).rows[0]
            .n,
        ) === 1,
      );
      // What the database sees when the migrating process is killed: its connections end mid-transaction.
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'kontor-account-migrations'`);
      await admin.query('rollback');
      const summary = await run;
      expect(summary.failed).toContain(victim);
    });
    expect(await versionOf(victim)).toBe(1);
    expect(await tableCount(accountSchemaName(victim))).toBe(tablesAtVersion.get(1));
    for (const id of ids.filter((id) => id !== victim)) {
      // Each other schema is either untouched or complete, never in between.
      const version = await versionOf(id);
      expect(await tableCount(accountSchemaName(id))).toBe(tablesAtVersion.get(version === 1 ? 1 : latestAccountSchemaVersion));
    }
    const again = await migrateAccountSchemas(accountSchemasOf(orm), ids, { concurrency: 2, logger: silentLogger });
    expect(again.failed).toEqual([]);
    for (const id of ids) expect(await versionOf(id)).toBe(latestAccountSchemaVersion);
  });
});

describe('a request to an account whose schema is behind', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ config: { accountMigrationWorker: false } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('migrates the schema first, then reads it', async () => {
    const client = new TestClient(app.url);
    const { auth } = await signUpNew(client);
    const schema = accountSchemaName(auth.account.id);
    // The account as an older release left it: only its first migration, no CRM tables yet.
    await withClient(app.database.url, async (db) => {
      await db.query(`drop schema ${schema} cascade`);
      await db.query(`drop role ${schema}`);
      const statements = await accountSchemaStatements(app.orm.em, schema, 1);
      await db.query(statements.join(';\n'));
    });
    const data = await client.data('{ people(first: 50) { edges { node { id } } } pipelines { name phases { name } } }');
    expect(data.people.edges).toEqual([]);
    expect(data.pipelines[0].name).toBe('Sales');
    const [row] = await app.orm.em.fork().execute('select schema_version from account where id = ?', [auth.account.id]);
    expect(row!.schema_version).toBe(latestAccountSchemaVersion);
  });
});

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}
