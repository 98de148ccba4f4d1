import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migratedTestDatabase } from '../testing/migrated-database.js';
import { withClient } from '../testing/test-database.js';
import { accountSchemaName, accountSchemaStatements, latestAccountSchemaVersion } from './account-schema.js';
import { squashedVersion } from './account-schema-latest.js';

const test = migratedTestDatabase();

/**
 * Everything about an account schema that code or a user could tell apart, with its name written as S: each
 * relation with its kind, options and rights; each table's live columns in their order, with type, default,
 * nullability and generation; constraints, indexes, triggers, functions (body, rights, settings), sequences, types,
 * comments, the schema's rights and default privileges, and the rows it starts with.
 */
async function fingerprint(schema: string): Promise<Record<string, unknown>> {
  return withClient(test.database.url, async (client) => {
    const rows = async (sql: string) => (await client.query(sql, [schema])).rows;
    const ns = `(select oid from pg_namespace where nspname = $1)`;
    const catalog = {
      relations: await rows(`select relname, relkind, relpersistence, reloptions, relacl::text as acl, relrowsecurity from pg_class where relnamespace = ${ns} and relkind <> 't' order by relname`),
      columns: await rows(
        `select c.relname, a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull, a.attgenerated, a.attidentity, a.attcollation::regcollation::text as collation,
                pg_get_expr(d.adbin, d.adrelid) as default, row_number() over (partition by c.relname order by a.attnum) as position
         from pg_attribute a join pg_class c on c.oid = a.attrelid left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
         where c.relnamespace = ${ns} and c.relkind in ('r', 'v', 'm', 'p', 'f') and a.attnum > 0 and not a.attisdropped order by c.relname, a.attnum`,
      ),
      // A CHECK written with nested ANDs (a BETWEEN and another condition) reads back from the dump as one flat AND
      // list: the same condition with fewer parentheses. So checks compare without them.
      constraints: (
        await rows(`select conrelid::regclass::text as on, conname, contype, pg_get_constraintdef(oid) as def, condeferrable, condeferred from pg_constraint where connamespace = ${ns} order by 1, 2`)
      ).map((row) => (row.contype === 'c' ? { ...row, def: (row.def as string).replace(/[()]/g, '') } : row)),
      indexes: await rows(`select indexname, indexdef from pg_indexes where schemaname = $1 order by 1`),
      triggers: await rows(`select tgname, pg_get_triggerdef(t.oid) as def from pg_trigger t join pg_class c on c.oid = t.tgrelid where c.relnamespace = ${ns} and not tgisinternal order by 1`),
      functions: await rows(`select proname, pg_get_function_identity_arguments(oid) as args, pg_get_functiondef(oid) as def, proacl::text as acl from pg_proc where pronamespace = ${ns} order by 1, 2`),
      sequences: await rows(`select c.relname, s.* from pg_sequence s join pg_class c on c.oid = s.seqrelid where c.relnamespace = ${ns} order by 1`),
      types: await rows(`select typname, typtype from pg_type t where typnamespace = ${ns} and not exists (select 1 from pg_class c where c.oid = t.typrelid) and typelem = 0 order by 1`),
      comments: await rows(`select c.relname, d.objsubid, d.description from pg_description d join pg_class c on c.oid = d.objoid where c.relnamespace = ${ns} order by 1, 2`),
      schema: await rows(`select nspacl::text as acl from pg_namespace where nspname = $1`),
      defaultPrivileges: await rows(`select defaclobjtype, defaclacl::text as acl from pg_default_acl where defaclnamespace = ${ns} order by 1`),
    };
    const tables = (await rows(`select relname from pg_class where relnamespace = ${ns} and relkind = 'r' order by 1`)).map((row) => row.relname as string);
    const seeded: Record<string, unknown[]> = {};
    for (const table of tables) {
      // Timestamps differ by when each schema was made: only whether they are set counts.
      const { rows: content } = await client.query(`select * from ${schema}.${table} order by 1`);
      if (content.length > 0) seeded[table] = content.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? 'a time' : value])));
    }
    return JSON.parse(JSON.stringify({ ...catalog, seeded }).replaceAll(schema, 'S'));
  });
}

async function made(replay: boolean): Promise<string> {
  const schema = accountSchemaName(randomUUID());
  const statements = await accountSchemaStatements(test.orm.em, schema, latestAccountSchemaVersion, { replay });
  await withClient(test.database.url, (client) => client.query(['begin', ...statements.slice(0, -1), 'commit'].join(';\n')));
  return schema;
}

describe('the squashed account schema (account-schema-latest.ts)', () => {
  it('is at the latest version: after appending an account migration, run `pnpm --filter @kontor/server account-schema:squash`', () => {
    expect(squashedVersion).toBe(latestAccountSchemaVersion);
  });

  it('makes a schema with the same catalog, rights and rows as replaying every account migration', async () => {
    const replayed = await fingerprint(await made(true));
    const squashed = await fingerprint(await made(false));
    expect(Object.keys(replayed.relations as object).length).toBeGreaterThan(50);
    expect(squashed).toEqual(replayed);
  });
});
