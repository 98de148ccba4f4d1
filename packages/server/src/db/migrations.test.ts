import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger.js';
import { createTestDatabase, withClient, type TestDatabase } from '../testing/test-database.js';
import { accountSchemaName, createAccountSchema, migrateAccountSchema } from './account-schema.js';
import { migrateDatabase } from './migrate.js';
import { accountMigrations } from './migrations/account/index.js';
import { globalMigrations } from './migrations/global/index.js';
import { createOrm } from '../entities.js';
import type { Orm } from './orm.js';

let database: TestDatabase;
let orm: Orm;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await createOrm(database.url);
});

afterAll(async () => {
  await orm.close(true);
  await database.drop();
});

const tablesOf = (schema: string) =>
  withClient(database.url, async (client) =>
    (await client.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = $1 order by 1', [schema])).rows.map(
      (row) => row.table_name,
    ),
  );

const schemaExists = (schema: string) =>
  withClient(database.url, async (client) => (await client.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount === 1);

const roleExists = (role: string) =>
  withClient(database.url, async (client) => (await client.query('select 1 from pg_roles where rolname = $1', [role])).rowCount === 1);

async function insertAccount(id: string, slug: string): Promise<string> {
  const schema = accountSchemaName(id);
  await orm.em.fork().transactional(async (em) => {
    await em.execute("insert into account (id, name, slug, schema_name, plan_code) values (?, ?, ?, ?, 'TEAM')", [id, slug, slug, schema]);
    await createAccountSchema(em, schema);
  });
  return schema;
}

describe('migrations', () => {
  it('migrate the global schema of an empty database, and do nothing the second time', async () => {
    const first = await migrateDatabase(orm, silentLogger);
    expect(first.global).toEqual(globalMigrations.map((m) => m.name));
    expect(await tablesOf('public')).toContain('account');

    const second = await migrateDatabase(orm, silentLogger);
    expect(second.global).toEqual([]);
  });

  it('create an account schema with its tables, its own role and its migration record', async () => {
    const schema = await insertAccount(randomUUID(), 'first');
    expect(await tablesOf(schema)).toEqual(expect.arrayContaining(['account_setting', 'kontor_migrations']));
    expect(await roleExists(schema)).toBe(true);
    const recorded = await withClient(database.url, async (client) => (await client.query(`select name from ${schema}.kontor_migrations`)).rows.map((r) => r.name));
    expect(recorded).toEqual(accountMigrations.map((m) => m.name));
  });

  it("give the account's role rights on its own schema only", async () => {
    const own = await insertAccount(randomUUID(), 'own');
    const other = await insertAccount(randomUUID(), 'other');
    await withClient(database.url, async (client) => {
      await client.query('begin');
      await client.query(`set local role ${own}`);
      await client.query(`insert into ${own}.account_setting (key, value) values ('k', '1')`);
      await expect(client.query(`select * from ${other}.account_setting`)).rejects.toThrow(/permission denied for schema/);
      await client.query('rollback');
    });
  });

  it('leave nothing of an account behind when a step of its creation fails', async () => {
    const id = randomUUID();
    const schema = accountSchemaName(id);
    await expect(
      orm.em.fork().transactional(async (em) => {
        await em.execute("insert into account (id, name, slug, schema_name, plan_code) values (?, ?, ?, ?, 'TEAM')", [id, 'Doomed', 'doomed', schema]);
        await createAccountSchema(em, schema);
        throw new Error('the step after the schema failed');
      }),
    ).rejects.toThrow('the step after the schema failed');
    expect(await schemaExists(schema)).toBe(false);
    expect(await roleExists(schema)).toBe(false);
    const rows = await orm.em.fork().execute('select 1 from account where id = ?', [id]);
    expect(rows).toHaveLength(0);
  });

  it('bring every account schema up to date at start', async () => {
    const schema = await insertAccount(randomUUID(), 'behind');
    // Pretend this schema predates every migration.
    await withClient(database.url, async (client) => {
      await client.query(`drop schema ${schema} cascade`);
      await client.query(`create schema ${schema}`);
    });
    await migrateDatabase(orm, silentLogger);
    expect(await tablesOf(schema)).toEqual(expect.arrayContaining(['account_setting', 'person', 'company', 'deal']));
    const again = await orm.em.fork().transactional((em) => migrateAccountSchema(em, schema));
    expect(again).toEqual([]);
  });

  it('refuse to create an account schema outside a transaction', async () => {
    await expect(createAccountSchema(orm.em.fork(), accountSchemaName(randomUUID()))).rejects.toThrow(/inside the transaction/);
  });
});
