#!/usr/bin/env node
// Import benchmark (issue 18): rows per second and the server's memory while importing a CSV of people.
//
//   pnpm build && node bench/import.mjs [--rows 100000] [--small 10000] [--heap 128] [--every 10000]
//
// Imports two files into one Kontor (its own database, the job worker on): a small one (--small rows) and a large
// one (--rows), each uploaded streamed (POST /imports), mapped as suggested and run as the background job. Prints per
// file the upload time, the job's rows per second, and the server process's peak RSS growth while it ran (sampled from
// /proc every 50 ms); a fixed memory bound shows as the same peak for both files. The server runs with V8's old
// generation capped at --heap MB (0: V8's default, a quarter of the machine's memory): the job keeps nothing from one
// batch to the next, but each batch's rows outlive a few young collections and are promoted, and without a cap V8
// lets such garbage pile up until its next full collection, so the uncapped peak grows with the run's length, not
// with what it holds; under a cap that a growing import would break through (out of memory), it cannot. Then the honest limit in the same
// run: the same rows written straight into the account's person table with one multi-row insert per 500 rows over
// one pg connection (no parsing, no duplicate check, no timeline), and Kontor's ratio to it.
//
// The bound itself: every --every rows of each file (and before each), the live heap after a full collection in the
// server (bench/heap-probe.mjs, loaded with --expose-gc; its collections pause the job for a moment), beside the memory
// outside V8's heap (ArrayBuffers: pg's buffers and the like) and RSS. A job that kept anything per row or per batch
// would show as a live heap that grows with the rows; a flat one is the fixed bound, whatever RSS does meanwhile.
import fs from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { databaseServer, freePort, post, startKontorForBench, withClient } from './harness.mjs';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    small: { type: 'string', default: '10000' },
    heap: { type: 'string', default: '128' },
    every: { type: 'string', default: '10000' },
  },
});
const heapArgs = Number(args.heap) > 0 ? [`--max-old-space-size=${Number(args.heap)}`] : [];
const probePort = await freePort();
const probeArgs = ['--expose-gc', '--import', pathToFileURL(fileURLToPath(new URL('./heap-probe.mjs', import.meta.url))).href];
const mb = (bytes) => bytes / 1024 / 1024;
/** What is alive in the server after a full collection (heap-probe.mjs). */
const liveMemory = async () => (await fetch(`http://127.0.0.1:${probePort}/`)).json();

const firstNames = ['Anna', 'Jürgen', 'Zoë', 'Luis', 'Mia', 'Noah', 'Élodie', 'Sven', 'Aiko', 'María'];
const lastNames = ['Müller', 'Schmidt', 'García', 'Weiß', 'Rossi', 'Novák', 'Jensen', 'Dubois', 'Kowalski', 'Brown'];
const cities = ['München', 'Köln', 'Madrid', 'Wien', 'Zürich'];

/** The file as a spreadsheet program writes it: German headers, semicolons, one company per 20 people. */
function csvOf(rows, tag) {
  const lines = ['Vorname;Nachname;E-Mail-Adresse;Telefon;Firma;Ort;Schlagworte'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${firstNames[i % 10]};${lastNames[(i / 10) % 10 | 0]} ${i};p${i}.${tag}@example.com;+49 89 ${100000 + i};Firma ${tag} ${i % (rows / 20)};${cities[i % 5]};Import`);
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

function rssOf(pid) {
  return fs.readFile(`/proc/${pid}/status`, 'utf8').then((status) => Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024);
}

const cleanups = [];
try {
  const serverUrl = await databaseServer(cleanups);
  const { child, base, accessToken, accountId, databaseUrl } = await startKontorForBench(cleanups, serverUrl, {
    env: { KONTOR_JOB_WORKER: 'true', KONTOR_BENCH_HEAP_PORT: String(probePort) },
    nodeArgs: [...heapArgs, ...probeArgs],
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
  const call = async (query, variables) => {
    const answer = await post(`${base}/graphql`, { query, variables }, headers);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data;
  };

  async function importFile(rows, tag) {
    const file = csvOf(rows, tag);
    const uploadStarted = performance.now();
    const response = await fetch(`${base}/imports?kind=PEOPLE&name=${tag}.csv`, { method: 'POST', headers: { authorization: headers.authorization }, body: file });
    const uploaded = await response.json();
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${JSON.stringify(uploaded)}`);
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;
    const { importRun } = await call('query($id: ID!) { importRun(id: $id) { suggestedMapping } }', { id: uploaded.id });

    const live = [{ rows: 0, ...(await liveMemory()) }];
    let nextMark = Number(args.every);
    const rssBefore = await rssOf(child.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => void rssOf(child.pid).then((rss) => (rssPeak = Math.max(rssPeak, rss))), 50);
    const started = performance.now();
    await call('mutation($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }', {
      id: uploaded.id,
      input: { mapping: importRun.suggestedMapping, duplicates: 'CREATE' },
    });
    let run;
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      ({ importRun: run } = await call('query($id: ID!) { importRun(id: $id) { status rowsDone rowsCreated rowsFailed } }', { id: uploaded.id }));
      if (run.rowsDone >= nextMark && run.status === 'RUNNING') {
        live.push({ rows: run.rowsDone, ...(await liveMemory()) });
        while (nextMark <= run.rowsDone) nextMark += Number(args.every);
      }
    } while (run.status === 'QUEUED' || run.status === 'RUNNING');
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    live.push({ rows: run.rowsDone, ...(await liveMemory()) });
    if (run.status !== 'DONE' || run.rowsCreated !== rows) throw new Error(`import ended ${JSON.stringify(run)}`);
    return { rows, mb: mb(file.length), uploadSeconds, seconds, rowsPerSecond: rows / seconds, rssPeakMb: mb(rssPeak), rssGrowthMb: mb(rssPeak - rssBefore), live };
  }

  const small = await importFile(Number(args.small), 'small');
  const large = await importFile(Number(args.rows), 'large');
  for (const r of [small, large]) {
    console.log(
      `${String(r.rows).padStart(7)} rows (${r.mb.toFixed(1)} MB): upload ${r.uploadSeconds.toFixed(1)} s, job ${r.seconds.toFixed(1)} s = ${Math.round(r.rowsPerSecond)} rows/s, server RSS peak ${r.rssPeakMb.toFixed(0)} MB (+${r.rssGrowthMb.toFixed(0)} MB)`,
    );
    for (const m of r.live) {
      console.log(
        `  after ${String(m.rows).padStart(7)} rows: live heap after a full GC ${mb(m.heapUsed).toFixed(1)} MB (V8 holds ${mb(m.heapTotal).toFixed(0)} MB), ArrayBuffers ${mb(m.arrayBuffers).toFixed(1)} MB, external ${mb(m.external).toFixed(1)} MB, RSS ${mb(m.rss).toFixed(0)} MB`,
      );
    }
  }
  // The bound: the live heap at the large file's end against its first mark past the start (its first batches warm caches up).
  const marks = large.live.filter((m) => m.rows > 0);
  const liveGrowth = marks.length > 1 ? mb(marks.at(-1).heapUsed - marks[0].heapUsed) : 0;
  const perTenThousand = marks.length > 1 ? (liveGrowth / (marks.at(-1).rows - marks[0].rows)) * 10000 : 0;

  // The limit: the same number of rows straight into the table, 500 a statement, on one connection.
  const schema = `acct_${accountId.replace(/-/g, '')}`;
  const limitSeconds = await withClient(databaseUrl, async (client) => {
    const started = performance.now();
    for (let i = 0; i < large.rows; i += 500) {
      const count = Math.min(500, large.rows - i);
      const values = [];
      const params = [];
      for (let j = 0; j < count; j++) {
        const n = i + j;
        params.push(firstNames[n % 10], `${lastNames[(n / 10) % 10 | 0]} ${n}`, `{q${n}@example.com}`);
        values.push(`(gen_random_uuid(), $${params.length - 2}, $${params.length - 1}, $${params.length}::text[], now(), now())`);
      }
      await client.query(`insert into ${schema}.person (id, first_name, last_name, emails, created_at, updated_at) values ${values.join(', ')}`, params);
    }
    return (performance.now() - started) / 1000;
  });
  const limitRate = large.rows / limitSeconds;
  console.log(`${String(large.rows).padStart(7)} rows straight into the table (the limit): ${limitSeconds.toFixed(1)} s = ${Math.round(limitRate)} rows/s`);
  console.log(`live heap after a full GC, ${marks[0]?.rows} -> ${marks.at(-1)?.rows} rows of the large file: ${liveGrowth >= 0 ? '+' : ''}${liveGrowth.toFixed(1)} MB (${perTenThousand.toFixed(2)} MB per 10,000 rows)`);
  console.log(`\nKontor's import / the limit: ${(large.rowsPerSecond / limitRate).toFixed(2)}x; server RSS peak ${args.rows} vs ${args.small} rows: ${large.rssPeakMb.toFixed(0)} MB vs ${small.rssPeakMb.toFixed(0)} MB (+${(large.rssPeakMb - small.rssPeakMb).toFixed(0)} MB; old generation ${heapArgs.length ? `capped at ${args.heap} MB` : 'uncapped'}; ${os.cpus().length} cores)`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
