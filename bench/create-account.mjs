#!/usr/bin/env node
// createAccount from the reserve of spare schemas (issue 15, goal 1: p50 ≤ 50 ms, p95 ≤ 150 ms with 4 creators at
// once), against another build of Kontor in the same run. Each round, each server in turn: wait until its reserve
// is full, then make a burst of accounts, `--creators` at a time, spread over `--users` users (creators that are
// one user wait for each other by design: the cap on owned accounts counts one user's creations one after the
// other under that user's row lock). The reserve is twice the burst by default, so the keeper making new spares
// does not run beside the burst (`--spares` equal to the burst measures it beside).
// A benchmark, not a test.
//
//   pnpm build && node bench/create-account.mjs [--rounds 6] [--burst 40] [--creators 4] [--users 4] [--spares 80]
//     [--baseline ../other-checkout] [--cpu-prof dir] [--waits]
// Also the server process's CPU time per creation (its main thread, where JavaScript runs, and all its threads):
// a figure other work on the machine moves far less than the latencies.
// --waits samples pg_stat_activity every 10 ms during the bursts and prints what the server's backends were doing:
// running (on a core or waiting for one: PostgreSQL cannot tell) or waiting for an event (a lock, the WAL's fsync).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMicros, databaseServer, inParallel, percentile, post, root, round, startKontorForBench, untilSpareSchemasReady, withClient } from './harness.mjs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    burst: { type: 'string', default: '40' },
    creators: { type: 'string', default: '4' },
    users: { type: 'string', default: '4' },
    spares: { type: 'string' },
    baseline: { type: 'string' },
    'cpu-prof': { type: 'string' },
    waits: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const burst = Number(args.burst);
const creators = Number(args.creators);
const userCount = Number(args.users);
const spares = Number(args.spares ?? 2 * burst);
const cleanups = [];

try {
  const serverUrl = await databaseServer(cleanups);
  const servers = [await startServer(serverUrl, 'kontor', path.join(root, 'packages/server/dist/main.js'))];
  if (args.baseline) servers.push(await startServer(serverUrl, 'baseline', path.join(path.resolve(args.baseline), 'packages/server/dist/main.js')));
  const loadAtStart = os.loadavg()[0];
  for (let r = 1; r <= rounds; r++) {
    // Each round the other server goes first: neither always follows the other's burst.
    for (const server of r % 2 ? servers : [...servers].reverse()) {
      // Every server's keeper idle: the other's refill after its burst would run beside this one.
      for (const each of servers) await untilSpareSchemasReady(each.databaseUrl, spares);
      const tokens = await Promise.all(server.users.map((email) => logIn(server, email)));
      const sampling = args.waits ? sampleWaits(server) : undefined;
      const cpuBefore = cpuTimes(server.child.pid);
      const times = await inParallel(burst, creators, (i, creator) =>
        post(`${server.base}/graphql`, { query: 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } } }', variables: { i: { name: `Bench ${r}-${i}`, planCode: 'TEAM' } } }, { authorization: `Bearer ${tokens[creator % tokens.length]}` }),
      );
      server.times.push(...times);
      const cpuAfter = cpuTimes(server.child.pid);
      server.cpu.mainThread += cpuAfter.mainThread - cpuBefore.mainThread;
      server.cpu.process += cpuAfter.process - cpuBefore.process;
      if (sampling) await sampling.stop();
      console.error(`round ${r} ${server.name}: p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms`);
    }
  }
  const results = { burst, creators, users: userCount, spares, rounds, cores: os.cpus().length, loadAverage: { atStart: loadAtStart, atEnd: os.loadavg()[0] } };
  for (const server of servers) {
    const perCreation = (ms) => round(ms / server.times.length, 2);
    results[server.name] = {
      p50Ms: percentile(server.times, 50),
      p95Ms: percentile(server.times, 95),
      count: server.times.length,
      serverCpuMsPerCreation: { mainThread: perCreation(server.cpu.mainThread), process: perCreation(server.cpu.process) },
    };
    if (args.waits) results[server.name].backendsActive = shares(server.waits);
  }
  if (args.baseline) {
    results.p50Ratio = round(results.kontor.p50Ms / results.baseline.p50Ms, 2);
    results.p95Ratio = round(results.kontor.p95Ms / results.baseline.p95Ms, 2);
  }
  console.log(JSON.stringify(results, null, 2));
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup failed:', error.message));
}

/** A build of Kontor with a reserve of `spares`, no limits on creating accounts, and `userCount` verified users. */
async function startServer(serverUrl, name, mainJs) {
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-prof'], name)}`] : [];
  const kontor = await startKontorForBench(cleanups, serverUrl, {
    mainJs,
    nodeArgs,
    env: {
      KONTOR_SPARE_ACCOUNT_SCHEMAS: String(spares),
      KONTOR_WEBHOOKS_WORKER: 'false',
      KONTOR_ACCOUNTS_PER_USER: '1000000',
      KONTOR_ACCOUNT_CREATIONS_PER_USER: '1000000',
      KONTOR_ACCOUNT_CREATIONS_PER_CLIENT: '1000000',
    },
  });
  const users = [];
  for (let i = 0; i < userCount; i++) {
    const email = `creator-${i}-${randomBytes(3).toString('hex')}@example.com`;
    await post(`${kontor.base}/graphql`, {
      query: 'mutation($i: SignUpInput!) { signUp(input: $i) { auth { accessToken } } }',
      variables: { i: { email, password: 'benchmark password', accountName: `Creator ${i}`, planCode: 'TEAM' } },
    });
    users.push(email);
  }
  // Only verified addresses may create accounts.
  await withClient(kontor.databaseUrl, (c) => c.query('update app_user set email_verified_at = now()'));
  return { ...kontor, name, users, times: [], waits: new Map(), cpu: { mainThread: 0, process: 0 } };
}

async function logIn(server, email) {
  const { data } = await post(`${server.base}/graphql`, { query: 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }', variables: { e: email, p: 'benchmark password' } });
  return data.logIn.accessToken;
}

/** CPU time in ms of process `pid`'s main thread (where JavaScript runs) and of all its threads. */
function cpuTimes(pid) {
  return { mainThread: cpuMicros(pid, pid) / 1000, process: cpuMicros(pid) / 1000 };
}

/** Samples what the server's active backends (not this sampler) are doing until `stop`: counts in `server.waits`. */
function sampleWaits(server) {
  let stopped = false;
  const done = withClient(server.databaseUrl, async (c) => {
    while (!stopped) {
      const { rows } = await c.query(
        `select coalesce(wait_event_type || ':' || wait_event, 'running') as what, count(*)::int as n from pg_stat_activity
         where datname = current_database() and state = 'active' and pid <> pg_backend_pid() group by 1`,
      );
      for (const { what, n } of rows) server.waits.set(what, (server.waits.get(what) ?? 0) + n);
      server.waits.set('samples', (server.waits.get('samples') ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
  return { stop: () => ((stopped = true), done) };
}

/** Backends active per sample, by what they were doing, most first. */
function shares(waits) {
  const samples = waits.get('samples') ?? 1;
  return Object.fromEntries([...waits].filter(([what]) => what !== 'samples').sort((a, b) => b[1] - a[1]).map(([what, n]) => [what, round(n / samples, 2)]));
}
