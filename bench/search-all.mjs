#!/usr/bin/env node
// Cross-account search (issue 15, goal 7): one login that is a member of --accounts accounts (20 by default), each
// with --people people (10,000) and a company for every tenth of them, all with names from the same pools. Through the
// built server it times, sequentially, --samples requests each of:
//   searchAllAccounts(query) (every account searched in its own transaction under its own role, merged by rank),
//   and as the baseline search(query) in one account (one scoped read, the same words),
// for a prefix that matches a few records per account ("Zyl") and one that matches hundreds ("Mar": each account's
// best 20 by rank are read), and reports p50/p95 and the ratios to the baseline. Results go to
// bench/results/search-all.json. A benchmark, not a test.
//
//   pnpm build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/search-all.mjs [--accounts 20] [--people 10000] [--samples 200]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { post, root, round, startKontorForBench, timedSequentially, withClient } from './harness.mjs';

const { values: args } = parseArgs({ options: { accounts: { type: 'string', default: '20' }, people: { type: 'string', default: '10000' }, samples: { type: 'string', default: '200' } } });
const accountCount = Number(args.accounts);
const peoplePerAccount = Number(args.people);
const samples = Number(args.samples);
const cleanups = [];
const results = { accounts: accountCount, peoplePerAccount, samples, cores: os.cpus().length, loadAverageAtStart: os.loadavg()[0] };

try {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a superuser URL: the benchmark creates its own database)');
  const server = await startKontorForBench(cleanups, process.env.DATABASE_URL, {
    env: { KONTOR_WEBHOOKS_WORKER: 'false', KONTOR_ACCOUNTS_PER_USER: '1000', KONTOR_ACCOUNT_CREATIONS_PER_USER: '1000', KONTOR_ACCOUNT_CREATIONS_PER_CLIENT: '1000' },
  });
  const { databaseUrl } = server;
  const gql = async (query, variables, token) => {
    const body = await post(`${server.base}/graphql`, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  // Only a verified address may make more accounts.
  await withClient(databaseUrl, (c) => c.query('update app_user set email_verified_at = now()'));
  const auth = { accessToken: server.accessToken, account: { id: server.accountId } };
  const accountIds = [auth.account.id];
  while (accountIds.length < accountCount) {
    const { createAccount } = await gql('mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } } }', { i: { name: `Bench ${accountIds.length}`, planCode: 'ENTERPRISE' } }, auth.accessToken);
    accountIds.push(createAccount.account.id);
  }
  // Names from pools, so that words repeat as in a real address book: "Mar…" starts hundreds of them per account,
  // "Zyl…" (one last name in 400) a few dozen.
  await withClient(databaseUrl, async (c) => {
    for (const id of accountIds) {
      const s = `acct_${id.replace(/-/g, '')}`;
      await c.query(
        `insert into ${s}.company (id, name) select gen_random_uuid(), (array['Acme','Globex','Initech','Umbrella','Hooli','Marlin','Stark','Wayne'])[1 + i % 8] || ' ' || i from generate_series(1, $1 / 10) i`,
        [peoplePerAccount],
      );
      await c.query(
        `with companies as (select id, name, row_number() over (order by id) as n from ${s}.company)
         insert into ${s}.person (id, first_name, last_name, emails, company_id, company_name)
         select gen_random_uuid(), (array['Anna','Ben','Carla','David','Eva','Frank','Maria','Marco','Nina','Otto'])[1 + i % 10],
                case when i % 400 = 0 then 'Zylberstein' else (array['Meyer','Schmidt','Martin','Keller','Wagner','Becker','Hoffmann','Schulz','Koch','Richter'])[1 + (i / 10) % 10] || i end,
                array['p' || i || '@example.com'], c.id, c.name
         from generate_series(1, $1) i left join companies c on i % 3 = 0 and c.n = 1 + i % ($1 / 10)`,
        [peoplePerAccount],
      );
    }
    await c.query('analyze');
  });

  for (const [name, query] of [['fewHits', 'Zyl'], ['manyHits', 'Mar']]) {
    const across = '{ searchAllAccounts(query: "' + query + '") { id kind title subtitle account { id name } } }';
    const one = '{ search(query: "' + query + '") { id kind title subtitle } }';
    const firstAnswer = await gql(across, {}, auth.accessToken);
    results[name] = {
      query,
      hits: firstAnswer.searchAllAccounts.length,
      accountsInHits: new Set(firstAnswer.searchAllAccounts.map((hit) => hit.account.id)).size,
      searchAllAccounts: await timedSequentially(() => gql(across, {}, auth.accessToken), samples),
      baselineOneAccount: await timedSequentially(() => gql(one, {}, auth.accessToken), samples),
    };
    results[name].ratioP50 = round(results[name].searchAllAccounts.p50Ms / results[name].baselineOneAccount.p50Ms, 2);
  }
  results.loadAverageAtEnd = os.loadavg()[0];
  await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
  await fs.writeFile(path.join(root, 'bench/results/search-all.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error));
}
