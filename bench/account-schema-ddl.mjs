#!/usr/bin/env node
// Creating an account schema the long way (no spare left), two ways, alternating, in one run: replaying every
// account migration (the history of CREATEs and ALTERs) against the squashed final shape (db/account-schema-latest.ts,
// what Kontor sends). First in a database without account schemas, then after filling it with --schemas more (made
// from the squash, ten to a transaction), because the replay's catalog work grows with the number of schemas in the
// database. Prints p50 of each and the ratio. A benchmark, not a test.
//
//   pnpm build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/account-schema-ddl.mjs [--schemas 3000] [--samples 10]
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { dropDatabase, root, round, withClient, withDatabase } from './harness.mjs';

const { values: args } = parseArgs({ options: { schemas: { type: 'string', default: '3000' }, samples: { type: 'string', default: '10' } } });
const dist = (file) => import(path.join(root, 'packages/server/dist', file));
const { createOrm } = await dist('entities.js');
const { migrateDatabase } = await dist('db/migrate.js');
const { accountSchemaStatements } = await dist('db/account-schema.js');
const { silentLogger } = await dist('logging/logger.js');

if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a superuser URL: the benchmark creates its own database)');
const serverUrl = process.env.DATABASE_URL;
const dbName = `kontor_bench_ddl_${randomBytes(4).toString('hex')}`;
await withClient(serverUrl, (c) => c.query(`create database ${dbName}`));
const databaseUrl = withDatabase(serverUrl, dbName);
const orm = await createOrm(databaseUrl);
const client = new pg.Client({ connectionString: databaseUrl });
try {
  await migrateDatabase(orm, silentLogger);
  await client.connect();
  const statements = async (replay) => {
    const schema = `acct_${randomUUID().replace(/-/g, '')}`;
    // Without the last statement (it records the version of an account there is none of).
    return { schema, sql: (await accountSchemaStatements(orm.em, schema, undefined, { replay })).slice(0, -1) };
  };
  const compare = async () => {
    const times = { replayed: [], squashed: [] };
    for (let i = 0; i < Number(args.samples); i++) {
      for (const kind of i % 2 ? ['replayed', 'squashed'] : ['squashed', 'replayed']) {
        const { schema, sql } = await statements(kind === 'replayed');
        const started = performance.now();
        await client.query(['begin', ...sql, 'commit'].join(';\n'));
        times[kind].push(performance.now() - started);
        await client.query(`drop schema ${schema} cascade; drop role ${schema}`);
      }
    }
    const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const schemas = (await client.query(`select count(*)::int as n from pg_namespace where nspname like 'acct\\_%'`)).rows[0].n;
    return { schemasInDatabase: schemas, replayedP50Ms: round(p50(times.replayed)), squashedP50Ms: round(p50(times.squashed)), squashedToReplayed: round(p50(times.squashed) / p50(times.replayed), 2) };
  };
  const results = [await compare()];
  console.log(JSON.stringify(results[0]));
  const started = performance.now();
  for (let i = 0; i < Number(args.schemas); i += 10) {
    const batch = ['begin'];
    for (let j = 0; j < 10; j++) batch.push(...(await statements(false)).sql);
    await client.query([...batch, 'commit'].join(';\n'));
    if (i % 1000 === 0 && i > 0) console.log(`${i} schemas made (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  results.push(await compare());
  console.log(JSON.stringify(results[1]));
} finally {
  await client.end().catch(() => undefined);
  await orm.close(true);
  // With the account roles of its schemas (roles are the server's, not the database's).
  await dropDatabase(serverUrl, databaseUrl, dbName);
}

