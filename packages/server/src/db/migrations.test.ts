import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger.js';
import { createTestDatabase, withClient, type TestDatabase } from '../testing/test-database.js';
import { accountSchemaName, accountSchemaStatements, createAccountSchema, latestAccountSchemaVersion } from './account-schema.js';
import { accountSchemasOf } from './account-schemas.js';
import { citusOf, createLocalAccountSchema } from './citus.js';
import { migrateDatabase } from './migrate.js';
import { accountMigrations } from './migrations/account/index.js';
import { AccountMigration0160CustomFieldGinWithoutPendingList } from './migrations/account/AccountMigration0160CustomFieldGinWithoutPendingList.js';
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

  it('create an account schema with its tables and its own role, and record its version on the account', async () => {
    const schema = await insertAccount(randomUUID(), 'first');
    expect(await tablesOf(schema)).toEqual(expect.arrayContaining(['account_setting', 'person', 'webhook_delivery']));
    expect(await roleExists(schema)).toBe(true);
    const [row] = await orm.em.fork().execute('select schema_version from account where schema_name = ?', [schema]);
    expect(row!.schema_version).toBe(accountMigrations.length);
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

  it('at start, read which accounts are behind from the global schema and touch no account schema', async () => {
    const id = randomUUID();
    const schema = accountSchemaName(id);
    await orm.em.fork().transactional(async (em) => {
      await em.execute("insert into account (id, name, slug, schema_name, plan_code) values (?, 'Old', 'old', ?, 'TEAM')", [id, schema]);
      const create = async () => void (await em.execute((await accountSchemaStatements(em, schema, 1)).join(';\n')));
      // On Citus an old account is a schema on the coordinator: one is placed on a worker only once it is current.
      if (await citusOf(em)) await createLocalAccountSchema(em, create);
      else await create();
    });
    const state = await migrateDatabase(orm, silentLogger);
    expect(state.behind).toEqual([id]);
    // Still as it was: migrating it is the background run's or its first request's work (account-schemas.test.ts).
    expect(await tablesOf(schema)).toEqual(['account_setting']);
    expect(accountSchemasOf(orm).untilCurrent(id)).toBeInstanceOf(Promise);
    await accountSchemasOf(orm).untilCurrent(id);
    expect(await tablesOf(schema)).toEqual(expect.arrayContaining(['account_setting', 'person', 'deal', 'webhook']));
    const [row] = await orm.em.fork().execute('select schema_version from account where id = ?', [id]);
    expect(row!.schema_version).toBe(latestAccountSchemaVersion);
    expect(accountSchemasOf(orm).untilCurrent(id)).toBeUndefined();
  });

  it("build custom fields' GIN indexes without a pending list, and switch those built before migration 0160", async () => {
    const id = randomUUID();
    const schema = accountSchemaName(id);
    const versionBefore0160 = accountMigrations.indexOf(AccountMigration0160CustomFieldGinWithoutPendingList);
    const customColumn = (table: string, column: string, type: string) =>
      withClient(database.url, (c) => c.query(`select ${schema}.kontor_custom_column('add', $1, $2, $3)`, [table, column, type]));
    const ginOptions = async () =>
      (
        await withClient(database.url, (c) =>
          c.query<{ relname: string; reloptions: string[] | null }>(
            `select relname, reloptions from pg_class where relnamespace = $1::regnamespace and relname like 'cf\\_%\\_gin\\_idx' order by relname`,
            [schema],
          ),
        )
      ).rows;
    await orm.em.fork().transactional(async (em) => {
      await em.execute("insert into account (id, name, slug, schema_name, plan_code) values (?, 'Fields', 'fields', ?, 'TEAM')", [id, schema]);
      const create = async () => void (await em.execute((await accountSchemaStatements(em, schema, versionBefore0160)).join(';\n')));
      if (await citusOf(em)) await createLocalAccountSchema(em, create);
      else await create();
    });
    // A text field ("contains": trigram) and a multiple choice ("any of"), as the function made them before 0160.
    await customColumn('person', 'cf_00000000000a', 'text');
    await customColumn('deal', 'cf_00000000000b', 'uuid[]');
    expect(await ginOptions()).toEqual([
      { relname: 'cf_00000000000a_gin_idx', reloptions: null },
      { relname: 'cf_00000000000b_gin_idx', reloptions: null },
    ]);
    await migrateDatabase(orm, silentLogger);
    await accountSchemasOf(orm).untilCurrent(id);
    await customColumn('company', 'cf_00000000000c', 'text');
    expect(await ginOptions()).toEqual(
      ['cf_00000000000a_gin_idx', 'cf_00000000000b_gin_idx', 'cf_00000000000c_gin_idx'].map((relname) => ({ relname, reloptions: ['fastupdate=off'] })),
    );
  });

  it('refuse to create an account schema outside a transaction', async () => {
    await expect(createAccountSchema(orm.em.fork(), accountSchemaName(randomUUID()))).rejects.toThrow(/inside the transaction/);
  });
});
