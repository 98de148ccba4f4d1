#!/usr/bin/env node
// Load benchmark of Kontor's hot operations, over 10,000 people, alternating servers within each round.
//
// The list page `people(first: 50) { edges { node { id firstName lastName } } }` is measured on:
//   kontor       Kontor (GraphQL, caller check, the account's role and search path);
//   minimal      the limit: bare node:http + pg selecting exactly the columns the answer needs (minimal-server.mjs);
//   same-sql     bare node:http + pg running the SQL Kontor ran before issue 16 (`select t.*` with the tsvector
//                and three cursor expressions; bare-server.mjs): the framework's overhead given that SQL;
//   postgraphile PostGraphile 4 over the same account schema under the account's role (postgraphile-server.mjs);
//   baseline     with --baseline, another built checkout of Kontor (its own database, the same people).
// Then Kontor's (and the baseline's) other hot operations, a figure each: a record page (`person(id)` with
// company, tags, tasks and notes), `search` (prefix search over the 10,000 people) and `createPerson`.
//
//   pnpm build && node bench/people-list.mjs [--rounds 3] [--seconds 10] [--warmup 20] [--connections 10] [--baseline ../other-checkout]
//     [--operations record,search,create|none] [--profile <folder for Kontor's CPU profile>]
//
// Prints requests/s, p50 and p99 per round and the median ratios. Compare ratios of one run, never figures
// across runs: the machine's other work moves absolute figures by a third from one hour to the next.
// Where /proc can be read (Linux, PostgreSQL on this machine), each round also prints the CPU time per request of
// the server's process and of its database's PostgreSQL backends: work done, which other load on the machine moves
// far less than requests/s (a busy machine slows a server down; it does not make it do more work per request).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { cpuMicros, databaseServer, freePort, post, root, startKontorForBench, statFields, stop, ticksMicros, withClient } from './harness.mjs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    // Seconds of unmeasured load on each server before the rounds: until V8 has optimized its hot path.
    warmup: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
    people: { type: 'string', default: '10000' },
    // Another checkout of Kontor, built (`pnpm build`), measured in the same run: "did this change make it slower?"
    baseline: { type: 'string' },
    // Which of Kontor's operations besides the list page: record,search,create (or "none").
    operations: { type: 'string', default: 'record,search,create' },
    // A folder for a CPU profile of the Kontor server under test (written when it stops): to follow the profile.
    profile: { type: 'string' },
  },
});
const rounds = Number(args.rounds);
const seconds = Number(args.seconds);
const connections = Number(args.connections);

const list = {
  query: 'query People($first: Int!) { people(first: $first) { edges { node { id firstName lastName } } } }',
  variables: { first: 50 },
};
const postgraphileList = {
  // PostGraphile orders by columns, not by lower(): on these names the same order (served by an index of its own, below).
  query: 'query People($first: Int!) { allPeople(first: $first, orderBy: [LAST_NAME_ASC, FIRST_NAME_ASC, ID_ASC]) { edges { node { id firstName lastName } } } }',
  variables: { first: 50 },
};

const cleanups = [];
try {
  const serverUrl = await databaseServer(cleanups);
  const kontor = await startKontor(serverUrl, path.join(root, 'packages/server/dist/main.js'));
  const baseline = args.baseline && (await startKontor(serverUrl, path.join(path.resolve(args.baseline), 'packages/server/dist/main.js')));
  await withClient(kontor.databaseUrl, (c) => c.query(`create index bench_person_name_plain_idx on ${kontor.schema}.person (last_name, first_name, id)`));
  const env = { DATABASE_URL: kontor.databaseUrl, SCHEMA: kontor.schema };

  const targets = {
    kontor: { ...kontor.target, body: list },
    ...(baseline ? { baseline: { ...baseline.target, body: list } } : {}),
    minimal: { ...(await startHelper('minimal-server.mjs', env)), body: list },
    'same-sql': { ...(await startHelper('bare-server.mjs', env)), body: list },
    postgraphile: { ...(await startHelper('postgraphile-server.mjs', env)), body: postgraphileList },
  };
  // The same page from all, or the comparison means nothing (the baseline's IDs are its own: compared by names).
  const pages = {};
  for (const [name, target] of Object.entries(targets)) pages[name] = nodesOf(await post(target.url, target.body, target.headers));
  for (const name of ['minimal', 'same-sql', 'postgraphile']) {
    if (JSON.stringify(pages[name]) !== JSON.stringify(pages.kontor)) throw new Error(`Kontor and ${name} answer differently`);
  }
  if (baseline && JSON.stringify(names(pages.kontor)) !== JSON.stringify(names(pages.baseline))) throw new Error('Kontor and the baseline answer differently');

  const operations = args.operations === 'none' ? [] : args.operations.split(',');
  for (const operation of operations) {
    targets[`${operation}`] = await kontor.operation(operation);
    if (baseline) targets[`${operation}@baseline`] = await baseline.operation(operation);
  }

  const order = Object.keys(targets);
  // Warm-up. A server's JavaScript runs interpreted until V8 has seen enough of it to optimize it; Kontor's path
  // has thousands of functions (Apollo, graphql, type-graphql, pg, its own), so with 2 s of warm-up its CPU per
  // request was still falling round after round (2,098, 1,055, then 571 µs on one run of 1 Dec), while the
  // minimal handler's few functions are optimized within a second. A server in production is warm: so is this one.
  for (const [name, target] of Object.entries(targets)) {
    const warm = await load(target, Number(args.warmup));
    console.log(`warm-up ${name.padEnd(16)} ${warm.rps.toFixed(0).padStart(6)} req/s  CPU/request ${warm.cpu} µs`);
  }
  const results = Object.fromEntries(order.map((name) => [name, []]));
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order, so none gains from going first.
    for (const name of round % 2 ? order : [...order].reverse()) {
      const r = await load(targets[name], seconds);
      results[name].push(r);
      console.log(`round ${round} ${name.padEnd(16)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  CPU/request ${r.cpu} µs (server ${r.nodeCpu}, PostgreSQL ${r.pgCpu})`);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratio = (a, b, field = 'rps') => median(results[a].map((r, i) => r[field] / results[b][i][field])).toFixed(2);
  console.log('');
  for (const name of order) {
    const rs = results[name];
    console.log(`${name.padEnd(16)} median ${median(rs.map((r) => r.rps)).toFixed(0).padStart(6)} req/s, p50 ${median(rs.map((r) => r.p50))} ms, p99 ${median(rs.map((r) => r.p99))} ms, CPU/request ${median(rs.map((r) => r.cpu))} µs (server ${median(rs.map((r) => r.nodeCpu))}, PostgreSQL ${median(rs.map((r) => r.pgCpu))})`);
  }
  console.log(`\n(${args.people} people, first: 50, ${connections} connections, ${rounds} rounds of ${seconds} s, ${os.cpus().length} cores; median of the per-round ratios)`);
  console.log(`Kontor / minimal handler:      ${ratio('kontor', 'minimal')}x requests/s, p99 ${ratio('kontor', 'minimal', 'p99')}x; CPU per request ${ratio('kontor', 'minimal', 'cpu')}x (server ${ratio('kontor', 'minimal', 'nodeCpu')}x, PostgreSQL ${ratio('kontor', 'minimal', 'pgCpu')}x)`);
  console.log(`Kontor / same-SQL handler:     ${ratio('kontor', 'same-sql')}x`);
  console.log(`Kontor / PostGraphile:         ${ratio('kontor', 'postgraphile')}x (PostGraphile / minimal: ${ratio('postgraphile', 'minimal')}x); CPU per request ${ratio('kontor', 'postgraphile', 'cpu')}x`);
  for (const operation of operations) console.log(`${operation.padEnd(6)} / minimal list page:  ${ratio(operation, 'minimal')}x`);
  if (baseline) {
    console.log(`baseline / minimal: ${ratio('baseline', 'minimal')}x; Kontor / baseline (${args.baseline}): ${ratio('kontor', 'baseline')}x requests/s; CPU per request ${ratio('kontor', 'baseline', 'cpu')}x (server ${ratio('kontor', 'baseline', 'nodeCpu')}x, PostgreSQL ${ratio('kontor', 'baseline', 'pgCpu')}x)`);
    for (const operation of operations) console.log(`${operation}: Kontor / baseline ${ratio(operation, `${operation}@baseline`)}x requests/s; CPU per request ${ratio(operation, `${operation}@baseline`, 'cpu')}x (server ${ratio(operation, `${operation}@baseline`, 'nodeCpu')}x, PostgreSQL ${ratio(operation, `${operation}@baseline`, 'pgCpu')}x)`);
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup failed:', error.message));
}

/** A Kontor server (`main.js` of a build) on a database of its own, with a signed-up account of `--people` people. */
async function startKontor(serverUrl, mainJs) {
  const profiling = args.profile && mainJs.startsWith(root) ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [];
  const { child, base, databaseUrl, accessToken, schema } = await startKontorForBench(cleanups, serverUrl, { mainJs, nodeArgs: profiling });
  const url = `${base}/graphql`;
  await seedPeople(databaseUrl, schema, Number(args.people));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
  const call = async (query, variables) => (await post(url, { query, variables }, headers)).data;
  const cpu = { pid: child.pid, database: new URL(databaseUrl).pathname.slice(1), serverUrl: databaseUrl };
  return { databaseUrl, schema, target: { url, headers, cpu }, operation: (name) => operationOf(name, call, { url, headers, cpu }) };
}

/** The load of one of Kontor's other hot operations, with its data created first. */
async function operationOf(name, call, target) {
  if (name === 'record') {
    const { createCompany: company } = await call('mutation { createCompany(input: { name: "Bench Company" }) { id } }');
    const tagIds = [];
    for (const tag of ['customer', 'partner', 'vip']) tagIds.push((await call('mutation($n: String!) { createTag(input: { name: $n }) { id } }', { n: tag })).createTag.id);
    const { createPerson: person } = await call('mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }', {
      i: { firstName: 'Record', lastName: 'Page', emails: ['record@example.com'], companyId: company.id, tagIds },
    });
    for (let i = 1; i <= 5; i++) {
      await call('mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i: { title: `Task ${i}`, personId: person.id, dueDate: `2027-01-0${i}` } });
      await call('mutation($i: CreateNoteInput!) { createNote(input: $i) { id } }', { i: { body: `Note ${i}`, personId: person.id } });
    }
    const body = {
      query: `query Record($id: ID!) { person(id: $id) { id firstName lastName emails phones position birthday createdAt updatedAt
        address { street city } company { id name } tags { id name color } tasks { id title dueDate } notes { id body createdAt } } }`,
      variables: { id: person.id },
    };
    return { ...target, body, check: (data) => data.person.tasks.length === 5 && data.person.notes.length === 5 && data.person.tags.length === 3 };
  }
  if (name === 'search') {
    // "last0012" is a prefix of 10 people's last names (Last00120 … Last00129).
    const body = { query: 'query Search($q: String!) { search(query: $q, first: 20) { id kind title subtitle rank } }', variables: { q: 'last0012' } };
    return { ...target, body, check: (data) => data.search.length === 10 };
  }
  if (name === 'create') {
    // Last names after every seeded one, so the list page stays the same while people are created.
    const body = { query: 'mutation Create($i: CreatePersonInput!) { createPerson(input: $i) { id firstName lastName } }', variables: { i: { firstName: 'New', lastName: 'Zz Created', emails: ['new@example.com'] } } };
    return { ...target, body };
  }
  throw new Error(`unknown operation ${name} (record, search, create)`);
}

/** A bench server (an .mjs of this folder) in a child process, for the list page. */
async function startHelper(file, env) {
  const port = await freePort();
  const child = fork(path.join(root, 'bench', file), { env: { ...process.env, ...env, PORT: String(port) } });
  cleanups.push(() => stop(child));
  await new Promise((resolve) => child.once('message', resolve));
  const cpu = { pid: child.pid, database: new URL(env.DATABASE_URL).pathname.slice(1), serverUrl: env.DATABASE_URL };
  return { url: `http://127.0.0.1:${port}/graphql`, headers: { 'content-type': 'application/json' }, cpu };
}

/** The list page's nodes, whichever field the server names the list. */
function nodesOf(answer) {
  const connection = answer.data.people ?? answer.data.allPeople;
  return connection.edges.map(({ node }) => node);
}

/** A page's names, the part of the answer two servers with their own IDs share. */
function names(nodes) {
  return nodes.map((node) => [node.firstName, node.lastName]);
}

async function load(target, duration) {
  if (target.check) {
    const answer = await post(target.url, target.body, target.headers);
    if (!target.check(answer.data)) throw new Error(`${target.url}: unexpected answer ${JSON.stringify(answer.data).slice(0, 300)}`);
  }
  const before = await cpuOf(target.cpu);
  const latencies = [];
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon({ url: target.url, method: 'POST', headers: target.headers, body: JSON.stringify(target.body), connections, duration }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    // autocannon's own percentiles are whole milliseconds, cut down (its histogram keeps integers): at the minimal
    // handler's 5 to 9 ms a p99 ratio moved by a tenth from the cut alone, and always upward. Kept exact here.
    instance.on('response', (_client, status, _bytes, milliseconds) => {
      if (status >= 200 && status < 300) latencies.push(milliseconds);
    });
  });
  const after = await cpuOf(target.cpu);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  const perRequest = (micros) => (micros === undefined ? NaN : Math.round(micros / result.requests.total));
  const node = before && after ? after.node - before.node : undefined;
  const pg = before && after ? backendMicros(before, after) : undefined;
  return {
    rps: result.requests.average,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    // CPU µs per request: the server's process, its database's backends, both.
    nodeCpu: perRequest(node),
    pgCpu: perRequest(pg),
    cpu: perRequest(node === undefined ? undefined : node + pg),
  };
}

/** The `fraction` percentile of `values` (nearest rank), in milliseconds to a hundredth. */
function percentile(values, fraction) {
  const sorted = Float64Array.from(values).sort();
  return Math.round(sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] * 100) / 100;
}

/**
 * CPU time used so far (µs) by a server's process, by each PostgreSQL backend connected to its database, by every
 * process of that PostgreSQL (the postmaster's children) and by those of them that have ended (the postmaster's
 * children's time), from /proc; undefined where /proc cannot tell (not Linux, or the database on another machine).
 */
async function cpuOf(cpu) {
  if (!cpu || !fs.existsSync(`/proc/${cpu.pid}/stat`)) return undefined;
  const pids = await withClient(cpu.serverUrl, async (c) => (await c.query('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [cpu.database])).rows.map((r) => r.pid));
  const postmaster = pids.map(parentOf).find((pid) => pid !== undefined);
  const children = postmaster === undefined ? new Map() : childrenMicros(postmaster);
  const node = cpuMicros(cpu.pid);
  return node === undefined ? undefined : { node, backends: pids.filter((pid) => children.has(pid)), children, postmaster, ended: postmaster && endedChildrenMicros(postmaster) };
}

/**
 * The server's backends' CPU time in a round. A backend that connected during the round counts from its start. One
 * that ended during it (a pool replaces its connections after so many uses or so long) took its whole life's time
 * with it: that time is now its postmaster's children's time, of which only what it used after the first reading
 * counts. Without this, a server whose pool replaces connections read far too low (17–143 µs a request against the
 * minimal handler's ~150: session 14). A process of PostgreSQL that was there at the first reading and has ended
 * counts only its time since (an idle connection of another server closing counts nothing); one that began and
 * ended within the round counts whole (the pool's replacements, the readings' own connections: some 0.1 µs a
 * request, as for every server measured).
 */
function backendMicros(before, after) {
  let micros = after.backends.reduce((sum, pid) => sum + after.children.get(pid) - (before.children.get(pid) ?? 0), 0);
  if (before.ended !== undefined && after.ended !== undefined && before.postmaster === after.postmaster) {
    micros += after.ended - before.ended;
    for (const [pid, used] of before.children) if (!after.children.has(pid)) micros -= used;
  }
  return micros;
}

/** The CPU time used so far by each child of `parent` (µs), by process ID. */
function childrenMicros(parent) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[1]) === parent) children.set(Number(entry), ticksMicros(fields[11], fields[12]));
  }
  return children;
}

/** A process's parent (field 4 of /proc/<pid>/stat). */
function parentOf(pid) {
  const fields = statFields(pid);
  return fields && Number(fields[1]);
}

/** The CPU time of a process's children that have ended and been waited for (cutime and cstime, fields 16 and 17), µs. */
function endedChildrenMicros(pid) {
  const fields = statFields(pid);
  return fields && ticksMicros(fields[13], fields[14]);
}

async function seedPeople(databaseUrl, schema, count) {
  await withClient(databaseUrl, (c) =>
    c.query(`insert into ${schema}.person (id, first_name, last_name, emails, created_by)
      select gen_random_uuid(), 'First' || i, 'Last' || lpad(i::text, 5, '0'), array['person' || i || '@example.com'], null
      from generate_series(1, $1) as i`, [count]),
  );
}
