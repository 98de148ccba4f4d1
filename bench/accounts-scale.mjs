#!/usr/bin/env node
// Scale benchmark: one PostgreSQL server with many accounts (one schema each). Through the API of the built
// server it creates --accounts accounts (4 creators at a time) and reports, from one run:
// createAccount p50/p95, disk per empty account, people(first: 50) p50 with 10 accounts and with all of them,
// switchAccount p50 (among ten accounts, and into accounts not opened before), backend memory after the pooled connections touched every schema, restart time to serving,
// and the time to migrate every account schema with one new migration (pnpm accounts:migrate).
// A benchmark, not a test.
//
//   pnpm build && node bench/accounts-scale.mjs [--accounts 2000] [--creators 4] [--samples 200]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dropDatabase, freePort, inParallel, percentile, root, round, stop, untilSpareSchemasReady, withClient, withDatabase } from './harness.mjs';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '200' },
    creators: { type: 'string', default: '4' },
    samples: { type: 'string', default: '200' },
    spares: { type: 'string', default: '40' },
  },
});
const accountCount = Math.max(20, Number(args.accounts));
const creators = Number(args.creators);
const samples = Number(args.samples);
const spares = Number(args.spares);
const results = { accounts: accountCount, creators, cores: os.cpus().length, loadAverageAtStart: os.loadavg()[0] };
const cleanups = [];

try {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a superuser URL: the benchmark creates its own database)');
  const serverUrl = process.env.DATABASE_URL;
  const dbName = `kontor_bench_scale_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`create database ${dbName}`));
  const databaseUrl = withDatabase(serverUrl, dbName);
  cleanups.push(() => dropDatabase(serverUrl, databaseUrl, dbName));
  const env = serverEnv(databaseUrl, await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-bench-scale-')));

  let server = await startServer(env);
  const signUp = await gql(server.url, 'mutation($i: SignUpInput!) { signUp(input: $i) { auth { accessToken user { email } account { id } } } }', {
    i: { email: `scale-${randomBytes(3).toString('hex')}@example.com`, password: 'benchmark password', accountName: 'Bench 0', planCode: 'ENTERPRISE' },
  });
  const first = signUp.signUp.auth;
  await withClient(databaseUrl, (c) => c.query('update app_user set email_verified_at = now() where email = $1', [first.user.email]));
  const schemaA = `acct_${first.account.id.replace(/-/g, '')}`;
  await withClient(databaseUrl, (c) =>
    c.query(`insert into ${schemaA}.person (id, first_name, last_name, emails) select gen_random_uuid(), 'First' || i, 'Last' || lpad(i::text, 5, '0'), array['p' || i || '@example.com'] from generate_series(1, 500) i`),
  );
  // Access tokens live 10 minutes: a long run logs in again now and then.
  let token = first.accessToken;
  let tokenAt = Date.now();
  const userToken = async () => {
    if (Date.now() - tokenAt > 4 * 60_000) {
      tokenAt = Date.now();
      token = (await gql(server.url, 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }', { e: first.user.email, p: 'benchmark password' })).logIn.accessToken;
    }
    return token;
  };
  const accountIds = [first.account.id];
  const createAccount = async (i) => {
    const data = await gql(server.url, 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } } }', { i: { name: `Bench ${i}`, planCode: 'TEAM' } }, await userToken());
    accountIds.push(data.createAccount.account.id);
  };
  // Accounts made from the reserve of spare schemas (db/spare-account-schemas.ts): a burst as large as the reserve.
  /** Until the keeper has made the reserve full. */
  const reserveFull = () => untilSpareSchemasReady(databaseUrl, spares);
  await reserveFull();
  const fromSpares = await inParallel(spares, creators, (i) => createAccount(i + 1), 'accounts created from spares');
  results.createAccountFromSpares = { p50Ms: percentile(fromSpares, 50), p95Ms: percentile(fromSpares, 95), count: fromSpares.length };
  for (let i = accountIds.length; i < 10; i++) await createAccount(i);
  // Not beside the keeper's refill of the reserve just emptied (tens of seconds of DDL): the figure at all accounts
  // below is taken after a refill as well.
  await reserveFull();
  const peopleQuery = 'query { people(first: 50) { edges { node { id firstName lastName emails } cursor } pageInfo { hasNextPage endCursor } } }';
  let tokenA = await switchTo(server.url, await userToken(), first.account.id);
  results.peopleP50At10Ms = await p50(samples, () => gql(server.url, peopleQuery, {}, tokenA));

  const sizeBefore = await databaseSize(databaseUrl);
  // The rest back to back: far more than the reserve, so most are made the long way while the reserve refills.
  const creation = await inParallel(accountCount - accountIds.length, creators, (i) => createAccount(i + 1000), 'accounts created');
  results.createAccount = { p50Ms: percentile(creation, 50), p95Ms: percentile(creation, 95), count: creation.length };
  results.diskPerEmptyAccountKB = Math.round(((await databaseSize(databaseUrl)) - sizeBefore) / 1024 / creation.length);
  // The keeper refills the reserve now (each spare is most of a second of the database's CPU): measured after it, not beside it.
  await reserveFull();
  tokenA = await switchTo(server.url, await userToken(), first.account.id);
  results.peopleP50AtAllMs = await p50(samples, () => gql(server.url, peopleQuery, {}, tokenA));
  results.peopleRatioAllTo10 = round(results.peopleP50AtAllMs / results.peopleP50At10Ms, 2);
  const switchToken = await userToken();
  // Among a user's few accounts (what a user does all day), then into accounts this server's connections have not
  // opened yet (a backend's first look at an account's tables costs it catalog look-ups).
  results.switchAccountAmongTenP50Ms = await p50(samples, (i) => switchTo(server.url, switchToken, accountIds[i % 10]));
  // From the newest account down, warm-up included, never reaching the ten above.
  let fresh = accountIds.length - 1;
  results.switchAccountIntoFreshP50Ms = await p50(Math.max(1, Math.min(samples, accountIds.length - 21)), () => switchTo(server.url, switchToken, accountIds[fresh--]));

  // Every schema touched through the pooled connections: each backend caches the catalog entries of what it read.
  const memoryBefore = await backendMemory(databaseUrl, dbName);
  await inParallel(accountIds.length, creators, async (i) => gql(server.url, 'query { people(first: 1) { edges { cursor } } }', {}, await switchTo(server.url, await userToken(), accountIds[i])), 'schemas touched');
  results.backendMemory = { before: memoryBefore, afterTouchingEverySchema: await backendMemory(databaseUrl, dbName) };

  await stop(server.child);
  const restart = performance.now();
  server = await startServer(env);
  results.restartToServingMs = Math.round(performance.now() - restart);

  // One new account migration for every schema: the last one (0160: kontor_custom_column builds its GIN indexes
  // without a pending list, and those built before are switched) is undone by recording the version before it; it
  // only replaces a function and finds no custom GIN index here, so it runs again as it ran the first time. Whoever
  // appends an account migration updates this undo to match.
  await stop(server.child);
  await withClient(databaseUrl, (c) => c.query('update account set schema_version = schema_version - 1 where deleted_at is null'));
  // Serving with every schema behind; its background migration off, so that the offline command below does them all.
  const behindStart = performance.now();
  server = await startServer({ ...env, KONTOR_ACCOUNT_MIGRATION_WORKER: 'false' });
  results.restartWithEverySchemaBehindMs = Math.round(performance.now() - behindStart);
  await stop(server.child);
  const migrateStart = performance.now();
  const migrate = spawn(process.execPath, [path.join(root, 'packages/server/dist/scripts/accounts-migrate.js'), '--concurrency', String(creators)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let migrateOutput = '';
  migrate.stdout.on('data', (chunk) => (migrateOutput += chunk));
  const migrateCode = await new Promise((resolve) => migrate.once('exit', resolve));
  if (migrateCode !== 0) throw new Error(`accounts:migrate exited with ${migrateCode}: ${migrateOutput}`);
  results.migrateEverySchemaMs = Math.round(performance.now() - migrateStart);
  results.migrateOutput = migrateOutput.trim().split('\n').at(-1);
  results.loadAverageAtEnd = os.loadavg()[0];

  console.log(JSON.stringify(results, null, 2));
  await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
  await fs.writeFile(path.join(root, `bench/results/accounts-scale-${accountCount}.json`), JSON.stringify(results, null, 2) + '\n');
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup failed:', error.message));
}

function serverEnv(databaseUrl, dataDir) {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    NODE_ENV: 'production',
    KONTOR_JOB_WORKER: 'false',
    KONTOR_BILLING_SCHEDULE: 'false',
    KONTOR_WEBHOOKS_WORKER: 'false',
    KONTOR_ACCOUNTS_PER_USER: '1000000',
    KONTOR_ACCOUNT_CREATIONS_PER_USER: '1000000',
    KONTOR_ACCOUNT_CREATIONS_PER_CLIENT: '1000000',
    KONTOR_SPARE_ACCOUNT_SCHEMAS: String(spares),
    KONTOR_DATA_DIR: dataDir,
  };
}

/** The built server on a free port; resolves once /healthz answers. */
async function startServer(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'packages/server/dist/main.js')], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  cleanups.push(() => stop(child));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function switchTo(url, token, accountId) {
  return (await gql(url, 'mutation($a: ID!) { switchAccount(accountId: $a) { accessToken } }', { a: accountId }, token)).switchAccount.accessToken;
}

/** Private memory (RssAnon) of the database's backends: what catalog caches grow. */
async function backendMemory(databaseUrl, dbName) {
  const pids = await withClient(databaseUrl, async (c) => (await c.query('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName])).rows.map((r) => r.pid));
  const kbs = [];
  for (const pid of pids) {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const match = /RssAnon:\s+(\d+) kB/.exec(status);
    if (match) kbs.push(Number(match[1]));
  }
  return { backends: kbs.length, maxMB: round(Math.max(0, ...kbs) / 1024, 1), sumMB: round(kbs.reduce((a, b) => a + b, 0) / 1024, 1) };
}

async function databaseSize(databaseUrl) {
  return withClient(databaseUrl, async (c) => Number((await c.query('select pg_database_size(current_database()) as s')).rows[0].s));
}


async function p50(count, work) {
  for (let i = 0; i < 10; i++) await work(i); // warm-up
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await work(i);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}



async function gql(url, query, variables = {}, token) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = await response.json();
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json.data;
}
