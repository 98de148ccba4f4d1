#!/usr/bin/env node
// Load benchmark: Kontor's `people(first: 50)` (GraphQL, ORM, auth check, account
// transaction under the account's database role) against a bare node:http + pg
// handler running the same SQL, over 10,000 people, alternating, several rounds.
// Prints requests/s, p50 and p99 of each and the median ratio. A benchmark, not a test.
//
//   pnpm build && node bench/people-list.mjs [--rounds 3] [--seconds 10] [--connections 10] [--baseline ../other-checkout]
//
// --baseline measures another built checkout of Kontor in the same run (its own database, the same
// people), for "is this change slower?": compare ratios of one run, never figures across runs.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    people: { type: 'string', default: '10000' },
    // Another checkout of Kontor, built (`pnpm build`), measured in the same run: "did this change make it slower?"
    baseline: { type: 'string' },
  },
});
const rounds = Number(args.rounds);
const seconds = Number(args.seconds);
const connections = Number(args.connections);

const cleanups = [];
try {
  const serverUrl = await databaseServer();
  const kontor = await startKontor(serverUrl, path.join(root, 'packages/server/dist/main.js'));
  const baseline = args.baseline && (await startKontor(serverUrl, path.join(path.resolve(args.baseline), 'packages/server/dist/main.js')));

  const barePort = await freePort();
  const bare = fork(path.join(root, 'bench/bare-server.mjs'), { env: { ...process.env, DATABASE_URL: kontor.databaseUrl, SCHEMA: kontor.schema, PORT: String(barePort) } });
  cleanups.push(() => stop(bare));
  await new Promise((resolve) => bare.once('message', resolve));

  const body = JSON.stringify({
    query: 'query People($first: Int!) { people(first: $first) { edges { node { id firstName lastName emails } cursor } pageInfo { hasNextPage endCursor } } }',
    variables: { first: 50 },
  });
  const targets = {
    kontor: kontor.target,
    ...(baseline ? { baseline: baseline.target } : {}),
    bare: { url: `http://127.0.0.1:${barePort}/graphql`, headers: { 'content-type': 'application/json' } },
  };
  // Same answer from all, or the comparison means nothing (the baseline's IDs are its own: compared by shape and names).
  const answers = await Promise.all(Object.values(targets).map((target) => post(target.url, JSON.parse(body), target.headers.authorization)));
  if (JSON.stringify(answers[0]) !== JSON.stringify(answers.at(-1))) throw new Error('Kontor and the bare handler answer differently');
  if (baseline && JSON.stringify(names(answers[0])) !== JSON.stringify(names(answers[1]))) throw new Error('Kontor and the baseline answer differently');

  const order = Object.keys(targets);
  for (const target of Object.values(targets)) await load(target, body, 2); // warm-up
  const results = Object.fromEntries(order.map((name) => [name, []]));
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order, so neither gains from going first.
    for (const name of round % 2 ? order : [...order].reverse()) {
      const r = await load(targets[name], body, seconds);
      results[name].push(r);
      console.log(`round ${round} ${name.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms`);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratio = (a, b) => median(results[a].map((r, i) => r.rps / results[b][i].rps)).toFixed(2);
  console.log('');
  for (const name of order) {
    const rs = results[name];
    console.log(`${name.padEnd(8)} median ${median(rs.map((r) => r.rps)).toFixed(0)} req/s, p50 ${median(rs.map((r) => r.p50))} ms, p99 ${median(rs.map((r) => r.p99))} ms`);
  }
  const setting = `(${args.people} people, first: 50, ${connections} connections, ${os.cpus().length} cores)`;
  console.log(`Kontor / bare handler, median ratio of requests/s: ${ratio('kontor', 'bare')}x ${setting}`);
  if (baseline) {
    console.log(`baseline / bare handler: ${ratio('baseline', 'bare')}x; Kontor / baseline (${args.baseline}): ${ratio('kontor', 'baseline')}x`);
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup failed:', error.message));
}

/** A Kontor server (`main.js` of a build) on a database of its own, with a signed-up account of `--people` people. */
async function startKontor(serverUrl, mainJs) {
  const dbName = `kontor_bench_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`create database ${dbName}`));
  const databaseUrl = withDatabase(serverUrl, dbName);
  cleanups.push(() => dropDatabase(serverUrl, databaseUrl, dbName));

  const port = await freePort();
  const child = spawn(process.execPath, [mainJs], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      // No background work (the clean-up job, the invoice schedule) beside the measured requests.
      KONTOR_JOB_WORKER: 'false',
      KONTOR_BILLING_SCHEDULE: 'false',
      KONTOR_DATA_DIR: await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-bench-')),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanups.push(() => stop(child));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);

  const signUp = await post(`${url}/graphql`, {
    query: 'mutation($i: SignUpInput!) { signUp(input: $i) { auth { accessToken account { id } } } }',
    variables: { i: { email: `bench-${randomBytes(3).toString('hex')}@example.com`, password: 'benchmark password', accountName: 'Bench', planCode: 'ENTERPRISE' } },
  });
  const { accessToken, account } = signUp.data.signUp.auth;
  const schema = `acct_${account.id.replace(/-/g, '')}`;
  await seedPeople(databaseUrl, schema, Number(args.people));
  return { databaseUrl, schema, target: { url: `${url}/graphql`, headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` } } };
}

/** A page's names, the part of the answer two servers with their own IDs share. */
function names(answer) {
  return answer.data.people.edges.map(({ node }) => [node.firstName, node.lastName, node.emails]);
}

async function load(target, body, duration) {
  const result = await autocannon({ url: target.url, method: 'POST', headers: target.headers, body, connections, duration });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function seedPeople(databaseUrl, schema, count) {
  await withClient(databaseUrl, (c) =>
    c.query(`insert into ${schema}.person (id, first_name, last_name, emails, created_by)
      select gen_random_uuid(), 'First' || i, 'Last' || lpad(i::text, 5, '0'), array['person' || i || '@example.com'], null
      from generate_series(1, $1) as i`, [count]),
  );
}

/** DATABASE_URL's server, or an embedded one started for the run. */
async function databaseServer() {
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

async function dropDatabase(serverUrl, databaseUrl, dbName) {
  const roles = await withClient(databaseUrl, async (c) => (await c.query(`select nspname from pg_namespace where nspname like 'acct\\_%'`)).rows.map((r) => r.nspname));
  await withClient(serverUrl, async (c) => {
    await c.query(`drop database if exists ${dbName} with (force)`);
    for (const role of roles) await c.query(`drop role if exists ${role}`);
  });
}

function withDatabase(serverUrl, database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function post(url, payload, authorization) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(payload),
  });
  const json = await response.json();
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json;
}

async function waitForHealth(url) {
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
