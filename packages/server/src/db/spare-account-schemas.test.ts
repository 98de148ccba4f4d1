import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migratedTestDatabase } from '../testing/migrated-database.js';
import { silentLogger } from '../logging/logger.js';
import { withClient } from '../testing/test-database.js';
import { accountSchemaName, accountSchemaStatements, createAccountSchema, latestAccountSchemaVersion } from './account-schema.js';
import { SpareSchemaKeeper } from './spare-account-schemas.js';

const test = migratedTestDatabase();

const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) => withClient(test.database.url, async (c) => (await c.query(text, params)).rows as T[]);
const spares = async () => (await sql<{ schema_name: string; version: number }>('select schema_name, version from spare_account_schema order by schema_name')).map((r) => r.schema_name);
const schemaExists = async (name: string) => (await sql('select 1 from pg_namespace where nspname = $1', [name])).length === 1;
const roleExists = async (name: string) => (await sql('select 1 from pg_roles where rolname = $1', [name])).length === 1;

async function createAccount(fail = false): Promise<string> {
  const id = randomUUID();
  await test.orm.em.fork().transactional(async (em) => {
    await em.execute("insert into account (id, name, slug, schema_name, plan_code) values (?, 'New', ?, ?, 'TEAM')", [id, `new-${id}`, accountSchemaName(id)]);
    await createAccountSchema(em, accountSchemaName(id));
    if (fail) throw new Error('the step after the schema failed');
  });
  return id;
}

describe('spare account schemas', () => {
  it('give a new account a spare schema, renamed with its role, working as one made for it; the reserve is refilled', async () => {
    const keeper = new SpareSchemaKeeper(test.orm, 2, silentLogger);
    expect(await keeper.fill()).toBe(2);
    const before = await spares();
    const id = await createAccount();
    const schema = accountSchemaName(id);
    const left = await spares();
    expect(left).toHaveLength(1);
    const kept = left[0]!;
    const taken = before.find((name) => name !== kept)!;
    expect(await schemaExists(schema)).toBe(true);
    expect(await roleExists(schema)).toBe(true);
    expect(await schemaExists(taken)).toBe(false);
    expect(await roleExists(taken)).toBe(false);
    expect(await schemaExists(kept)).toBe(true);
    expect((await sql('select schema_version from account where id = $1', [id]))[0]!.schema_version).toBe(latestAccountSchemaVersion);

    // The search columns (generated from a person's names and the company name it carries) work under the new name.
    await withClient(test.database.url, async (c) => {
      await c.query('begin');
      await c.query(`set local role ${schema}`);
      await c.query(`set local search_path to ${schema}`);
      await c.query(`insert into company (id, name) values ('00000000-0000-4000-8000-0000000000c1', 'Zebracorp')`);
      await c.query(`insert into person (id, last_name, company_id, company_name) values (gen_random_uuid(), 'Doe', '00000000-0000-4000-8000-0000000000c1', 'Zebracorp')`);
      const [row] = (await c.query(`select search_vector::text as v from person`)).rows;
      expect(row.v).toContain('zebracorp');
      expect((await c.query('select count(*)::int as n from phase')).rows[0].n).toBe(4);
      // Its custom field function (whose body names its schema) was re-created for the new name: it adds a column here.
      await c.query(`select kontor_custom_column('add', 'person', 'cf_0123456789ab', 'text')`);
      const added = await c.query(`select table_schema from information_schema.columns where column_name = 'cf_0123456789ab'`);
      expect(added.rows.map((r) => r.table_schema)).toEqual([schema]);
      // Its role reaches its own schema only.
      await expect(c.query(`select * from ${kept}.person`)).rejects.toThrow(/permission denied for schema/);
      await c.query('rollback');
    });

    // Refilled once the claims pause: the first look after a claim leaves the cores to the accounts being created.
    expect(await keeper.fill()).toBe(0);
    expect(await keeper.fill()).toBe(1);
    expect(await spares()).toHaveLength(2);
  });

  it('hold off while accounts are being claimed, unless the reserve runs low (a quarter or less)', async () => {
    await sql('delete from spare_account_schema');
    const keeper = new SpareSchemaKeeper(test.orm, 8, silentLogger);
    expect(await keeper.fill()).toBe(8);
    for (let i = 0; i < 3; i++) await createAccount();
    expect(await keeper.fill()).toBe(0);
    expect(await spares()).toHaveLength(5);
    for (let i = 0; i < 3; i++) await createAccount();
    // Two left: low enough to refill beside the claims.
    expect(await keeper.fill()).toBe(6);
    expect(await spares()).toHaveLength(8);
  });

  it('give the spare back when the account creation fails: nothing of the account remains', async () => {
    await new SpareSchemaKeeper(test.orm, 2, silentLogger).fill();
    const before = await spares();
    const id = randomUUID();
    await expect(
      test.orm.em.fork().transactional(async (em) => {
        await em.execute("insert into account (id, name, slug, schema_name, plan_code) values (?, 'Doomed', 'doomed', ?, 'TEAM')", [id, accountSchemaName(id)]);
        await createAccountSchema(em, accountSchemaName(id));
        throw new Error('the step after the schema failed');
      }),
    ).rejects.toThrow('the step after the schema failed');
    expect(await spares()).toEqual(before);
    for (const spare of before) expect(await schemaExists(spare)).toBe(true);
    expect(await schemaExists(accountSchemaName(id))).toBe(false);
    expect(await roleExists(accountSchemaName(id))).toBe(false);
    expect(await sql('select 1 from account where id = $1', [id])).toHaveLength(0);
  });

  it('never hand out a spare of an older version: the keeper replaces it, and meanwhile accounts are made the long way', async () => {
    await sql('delete from spare_account_schema');
    const old = accountSchemaName(randomUUID());
    await test.orm.em.fork().transactional(async (em) => {
      await em.execute((await accountSchemaStatements(em, old, latestAccountSchemaVersion - 1)).slice(0, -1).join(';\n'));
      await em.execute('insert into spare_account_schema (schema_name, version) values (?, ?)', [old, latestAccountSchemaVersion - 1]);
    });
    const id = await createAccount();
    expect(await spares()).toEqual([old]);
    expect((await sql('select schema_version from account where id = $1', [id]))[0]!.schema_version).toBe(latestAccountSchemaVersion);

    await new SpareSchemaKeeper(test.orm, 1, silentLogger).fill();
    expect(await schemaExists(old)).toBe(false);
    expect(await roleExists(old)).toBe(false);
    const versions = await sql<{ version: number }>('select version from spare_account_schema');
    expect(versions).toEqual([{ version: latestAccountSchemaVersion }]);
  });
});
