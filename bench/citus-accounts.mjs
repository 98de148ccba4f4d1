#!/usr/bin/env node
// Benchmark: creating an account's schema on one PostgreSQL server and on a Citus cluster, alternating,
// in one run, both ways: the long way (schema, role, every account migration) and by claiming a spare
// schema the keeper made ahead of time (a rename: db/spare-account-schemas.ts); then how long the
// account placer takes to put such an account on a worker. Prints p50/p95 of each and the ratios.
// A benchmark, not a test.
//
//   pnpm build && node bench/citus-accounts.mjs [--accounts 10] [--plain postgres://postgres@127.0.0.1:5432/postgres]
//                                              [--citus postgres://postgres@127.0.0.1:9700/postgres]
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file) => import(path.join(root, 'packages/server/dist', file));
const { createOrm } = await dist('entities.js');
const { migrateDatabase } = await dist('db/migrate.js');
const { createAccountSchema } = await dist('db/account-schema.js');
const { distributeAccountSchema } = await dist('db/citus.js');
const { SpareSchemaKeeper } = await dist('db/spare-account-schemas.js');
const { silentLogger } = await dist('logging/logger.js');

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10' },
    plain: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    citus: { type: 'string', default: process.env.KONTOR_CITUS_URL ?? 'postgres://postgres@127.0.0.1:9700/postgres' },
  },
});
const accounts = Number(args.accounts);

const cleanups = [];
try {
  const plain = await benchDatabase(args.plain, false);
  const citus = await benchDatabase(args.citus, true);
  const times = { plain: [], citus: [], 'plain, spare': [], 'citus, spare': [], placing: [] };
  for (let i = 0; i < accounts; i++) {
    for (const [name, orm] of i % 2 ? [['plain', plain], ['citus', citus]] : [['citus', citus], ['plain', plain]]) {
      for (const spare of i % 2 ? [false, true] : [true, false]) {
        // The keeper's spare is made (untimed) just before the account that claims it; the long way finds none.
        if (spare) await new SpareSchemaKeeper(orm, 1, silentLogger).fill();
        const schema = `acct_${randomUUID().replace(/-/g, '')}`;
        // Roles are server-wide: dropped at the end, after the databases.
        cleanups.unshift(() => query(name === 'plain' ? args.plain : args.citus, `drop role if exists ${schema}`));
        times[spare ? `${name}, spare` : name].push(await timed(() => orm.em.fork().transactional((em) => createAccountSchema(em, schema))));
        if (name === 'citus') times.placing.push(await timed(() => place(citus, schema)));
      }
    }
  }
  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  for (const [name, xs] of Object.entries(times)) console.log(`${name.padEnd(13)} p50 ${pct(xs, 0.5).toFixed(0)} ms  p95 ${pct(xs, 0.95).toFixed(0)} ms`);
  const ratio = (a, b) => (pct(times[a], 0.5) / pct(times[b], 0.5)).toFixed(2);
  console.log(`creating an account on Citus / on one server, p50: the long way ${ratio('citus', 'plain')}x, from a spare ${ratio('citus, spare', 'plain, spare')}x`);
  console.log(`(${accounts} accounts each way; placing on a worker comes after, off the request)`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup failed:', error.message));
}

/** What the account placer does (packages/server/src/db/account-placement.ts), over a connection of its own. */
async function place(orm, schema) {
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await client.connect();
  try {
    await client.query('begin');
    await distributeAccountSchema(async (sql, params) => (await client.query(sql, params)).rows, schema);
    await client.query('commit');
  } finally {
    await client.end();
  }
}

async function timed(work) {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** A database of its own on `serverUrl` (on every node of a Citus cluster, with the workers registered), migrated. */
async function benchDatabase(serverUrl, cluster) {
  const name = `kontor_bench_${randomBytes(4).toString('hex')}`;
  const nodes = cluster ? await query(serverUrl, `select nodename as host, nodeport as port, groupid from pg_dist_node where noderole = 'primary' order by groupid`) : [];
  const urls = (cluster ? nodes : [{ groupid: 0 }]).map((node) => ({ node, url: node.host ? at(serverUrl, node, name) : at(serverUrl, {}, name) }));
  for (const { url } of urls) await query(at(url, {}, 'postgres'), `create database ${name}`);
  cleanups.push(async () => {
    for (const { url } of urls) await query(at(url, {}, 'postgres'), `drop database if exists ${name} with (force)`);
  });
  if (cluster) {
    for (const { url } of urls) await query(url, 'create extension citus');
    const coordinator = nodes.find((node) => node.groupid === 0);
    await query(urls[0].url, `select citus_set_coordinator_host('${coordinator.host}', ${coordinator.port})`);
    for (const node of nodes.filter((n) => n.groupid !== 0)) await query(urls[0].url, `select citus_add_node('${node.host}', ${node.port})`);
  }
  const orm = await createOrm(at(serverUrl, {}, name));
  cleanups.push(() => orm.close(true));
  await migrateDatabase(orm, silentLogger);
  return orm;
}

function at(url, node, database) {
  const u = new URL(url);
  if (node.host) u.hostname = node.host;
  if (node.port) u.port = String(node.port);
  u.pathname = `/${database}`;
  return u.toString();
}

async function query(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
