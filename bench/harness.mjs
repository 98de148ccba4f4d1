// What the benchmarks share: a database server, child processes, ports, HTTP calls.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** DATABASE_URL's server, or an embedded one started for the run (its stop is pushed onto `cleanups`). */
export async function databaseServer(cleanups) {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const { startEmbeddedPostgres } = await import(path.join(root, 'packages/server/dist/db/embedded-postgres.js'));
  const { silentLogger } = await import(path.join(root, 'packages/server/dist/logging/logger.js'));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-bench-pg-'));
  await fs.chmod(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir, logger: silentLogger });
  cleanups.push(async () => {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  return server.urlFor('postgres');
}

export async function dropDatabase(serverUrl, databaseUrl, dbName) {
  const roles = await withClient(databaseUrl, async (c) => (await c.query(`select nspname from pg_namespace where nspname like 'acct\\_%'`)).rows.map((r) => r.nspname));
  await withClient(serverUrl, async (c) => {
    await c.query(`drop database if exists ${dbName} with (force)`);
    for (const role of roles) await c.query(`drop role if exists ${role}`);
  });
}

export function withDatabase(serverUrl, database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** POSTs a GraphQL payload; throws on GraphQL errors. */
export async function post(url, payload, headers = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
  const json = await response.json();
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json;
}

export async function waitForHealth(url) {
  for (let i = 0; i < 1200; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

export function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A built Kontor (`mainJs`) on a database of its own on `serverUrl`, on a free port, quiet and in production mode,
 * with no background work beside what is measured unless `env` turns it on; signs up an owner of an ENTERPRISE
 * account. The database and the process go with `cleanups`.
 */
export async function startKontorForBench(cleanups, serverUrl, { mainJs = path.join(root, 'packages/server/dist/main.js'), nodeArgs = [], env = {} } = {}) {
  const { spawn } = await import('node:child_process');
  const { randomBytes } = await import('node:crypto');
  const dbName = `kontor_bench_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`create database ${dbName}`));
  const databaseUrl = withDatabase(serverUrl, dbName);
  cleanups.push(() => dropDatabase(serverUrl, databaseUrl, dbName));
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, mainJs], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      KONTOR_JOB_WORKER: 'false',
      KONTOR_BILLING_SCHEDULE: 'false',
      KONTOR_DATA_DIR: await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-bench-')),
      ...env,
    },
    // The server's log lines on standard output only with KONTOR_BENCH_SERVER_LOG=1 (they would drown the figures).
    stdio: ['ignore', process.env.KONTOR_BENCH_SERVER_LOG === '1' ? 'inherit' : 'ignore', 'inherit'],
  });
  cleanups.push(() => stop(child));
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base);
  const signUp = await post(`${base}/graphql`, {
    query: 'mutation($i: SignUpInput!) { signUp(input: $i) { auth { accessToken account { id } } } }',
    variables: { i: { email: `bench-${randomBytes(3).toString('hex')}@example.com`, password: 'benchmark password', accountName: 'Bench', planCode: 'ENTERPRISE' } },
  });
  const { accessToken, account } = signUp.data.signUp.auth;
  await untilSpareSchemasReady(databaseUrl, env.KONTOR_SPARE_ACCOUNT_SCHEMAS ?? process.env.KONTOR_SPARE_ACCOUNT_SCHEMAS);
  return { child, base, databaseUrl, accessToken, accountId: account.id, schema: `acct_${account.id.replace(/-/g, '')}` };
}

/**
 * A new Kontor fills its reserve of spare account schemas in the background (db/spare-account-schemas.ts; 10 by
 * default, one more after each sign-up): seconds of DDL in the same process and database. Measured meanwhile,
 * the first rounds would count that work too; the steady state begins once the reserve is full.
 */
export async function untilSpareSchemasReady(databaseUrl, configured) {
  const target = configured === undefined ? 10 : Number(configured);
  if (!(target > 0)) return;
  for (let i = 0; i < 3000; i++) {
    const n = await withClient(databaseUrl, async (c) => (await c.query('select count(*)::int as n from spare_account_schema')).rows[0].n);
    if (n >= target) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the reserve of spare account schemas did not fill up (${target})`);
}

/**
 * User + system CPU time in µs (/proc/<pid>/stat, in clock ticks of 10 ms) of process `pid`, or of its thread
 * `thread` (`pid` itself is the main thread); undefined where /proc cannot tell (not Linux, or the process is gone).
 */
export function cpuMicros(pid, thread) {
  const fields = statFields(pid, thread);
  return fields && ticksMicros(fields[11], fields[12]); // utime and stime, fields 14 and 15
}

/**
 * The fields of /proc/<pid>/stat (or of its thread's) after the command's name, field 3 first; undefined where /proc
 * cannot tell. Field n of proc(5) is at index n - 3: the parent 1, utime and stime 11 and 12, cutime and cstime
 * (ended children, once waited for) 13 and 14.
 */
export function statFields(pid, thread) {
  let stat;
  try {
    stat = fsSync.readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Clock ticks (10 ms), given as /proc's fields, in µs. */
export function ticksMicros(...ticks) {
  return ticks.reduce((sum, tick) => sum + Number(tick), 0) * 10_000;
}

/**
 * `count` calls of `work(i, worker)`, `width` workers at a time: the milliseconds each took, in the order they ended.
 * With `label`, progress on standard error every 10 s.
 */
export async function inParallel(count, width, work, label) {
  const times = [];
  let next = 0;
  let lastReport = performance.now();
  await Promise.all(
    Array.from({ length: width }, async (_, worker) => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        await work(i, worker);
        times.push(performance.now() - started);
        if (label && performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          console.error(`${times.length}/${count} ${label}`);
        }
      }
    }),
  );
  return times;
}

/** `value` rounded to `digits` decimals. */
export function round(value, digits = 1) {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

/** The `p`th percentile of `values` (milliseconds), to a tenth. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))], 1);
}

/** `samples` sequential calls of `request` after 20 unmeasured ones: p50 and p95 in milliseconds. */
export async function timedSequentially(request, samples) {
  for (let i = 0; i < 20; i++) await request();
  const times = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await request();
    times.push(performance.now() - started);
  }
  return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
}
