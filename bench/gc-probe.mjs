// Not a benchmark: what V8's scavenges promote while Kontor serves the list page, the way people-list.mjs starts it.
//   node bench/gc-probe.mjs [--requests 20000] [--main <dist/main.js>] > /tmp/gc.log   (the server's --trace-gc-nvp lines)
//   node bench/gc-probe.mjs --summary /tmp/gc.log                                      (medians of the last 40 scavenges)
//   node bench/gc-probe.mjs --node-args="--log-maps --logfile=/tmp/maps.log --no-logfile-per-isolate"  (other flags)
// 5,000 requests unmeasured, then --requests more, 10 connections; the server's standard output is ours.
import autocannon from 'autocannon';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databaseServer, root, startKontorForBench, withClient } from './harness.mjs';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    main: { type: 'string' },
    query: { type: 'string', default: '{ people(first: 50) { edges { node { id firstName lastName } } } }' },
    'node-args': { type: 'string', default: '--trace-gc-nvp' },
    summary: { type: 'string' },
  },
});

if (args.summary) {
  const scavenges = fs
    .readFileSync(args.summary, 'utf8')
    .split('\n')
    .filter((line) => / gc=s /.test(line))
    .map((line) => Object.fromEntries(line.split(/\s+/).filter((pair) => pair.includes('=')).map((pair) => pair.split('='))))
    .slice(-40);
  const median = (key) => scavenges.map((s) => Number(s[key])).sort((a, b) => a - b)[Math.floor(scavenges.length / 2)];
  console.log(`median of ${scavenges.length} scavenges: promoted ${median('promoted')} B of ${median('allocated')} B allocated, pause ${median('pause')} ms`);
} else {
  const cleanups = [];
  try {
    const serverUrl = await databaseServer(cleanups);
    process.env.KONTOR_BENCH_SERVER_LOG = '1';
    const { base, databaseUrl, accessToken, schema } = await startKontorForBench(cleanups, serverUrl, {
      mainJs: args.main ? path.resolve(args.main) : path.join(root, 'packages/server/dist/main.js'),
      nodeArgs: args['node-args'].split(' ').filter(Boolean),
    });
    await withClient(databaseUrl, (c) =>
      c.query(`insert into ${schema}.person (id, first_name, last_name, emails, created_by)
        select gen_random_uuid(), 'First' || i, 'Last' || lpad(i::text, 5, '0'), array['person' || i || '@example.com'], null
        from generate_series(1, 10000) as i`),
    );
    const load = (amount) =>
      autocannon({ url: `${base}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ query: args.query }), connections: 10, amount });
    await load(5000);
    const result = await load(Number(args.requests));
    console.error(`${result.requests.average} req/s, ${result.non2xx} non-2xx, ${result.errors} errors`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
