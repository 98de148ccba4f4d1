#!/usr/bin/env node
// "My work" across accounts: one login that is a member of --accounts accounts (20 by default), each with
// --tasks tasks (a quarter of them the user's, open and due within the week; the rest done, later or a colleague's).
// Through the built server it times, sequentially, --samples requests each of:
//   myWork (every account read in its own transaction under its own role), accountBadges (a count per account),
//   and as the baseline tasks(first: 25) in one account (one scoped read),
// and reports p50/p95 and the ratios to the baseline. Results go to bench/results/my-work.json. A benchmark, not a test.
//
//   pnpm build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/my-work.mjs [--accounts 20] [--tasks 200] [--samples 200]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dropDatabase, freePort, post, root, round, stop, timedSequentially, waitForHealth, withClient, withDatabase } from './harness.mjs';

const { values: args } = parseArgs({ options: { accounts: { type: 'string', default: '20' }, tasks: { type: 'string', default: '200' }, samples: { type: 'string', default: '200' } } });
const accountCount = Number(args.accounts);
const tasksPerAccount = Number(args.tasks);
const samples = Number(args.samples);
const cleanups = [];
const results = { accounts: accountCount, tasksPerAccount, samples, cores: os.cpus().length, loadAverageAtStart: os.loadavg()[0] };

try {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a superuser URL: the benchmark creates its own database)');
  const serverUrl = process.env.DATABASE_URL;
  const dbName = `kontor_bench_mywork_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`create database ${dbName}`));
  const databaseUrl = withDatabase(serverUrl, dbName);
  cleanups.push(() => dropDatabase(serverUrl, databaseUrl, dbName));
  const url = await startServer(databaseUrl);
  const gql = async (query, variables, token) => (await post(`${url}/graphql`, { query, variables }, token ? { authorization: `Bearer ${token}` } : {})).data;

  const email = `mywork-${randomBytes(3).toString('hex')}@example.com`;
  const { auth } = (await gql('mutation($i: SignUpInput!) { signUp(input: $i) { auth { accessToken user { id } account { id } } } }', {
    i: { email, password: 'benchmark password', accountName: 'Bench 0', planCode: 'ENTERPRISE' },
  })).signUp;
  await withClient(databaseUrl, (c) => c.query('update app_user set email_verified_at = now() where email = $1', [email]));
  const accountIds = [auth.account.id];
  while (accountIds.length < accountCount) {
    const { createAccount } = await gql('mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } } }', { i: { name: `Bench ${accountIds.length}`, planCode: 'TEAM' } }, auth.accessToken);
    accountIds.push(createAccount.account.id);
  }
  const colleague = '00000000-0000-4000-8000-000000000001';
  await withClient(databaseUrl, async (c) => {
    for (const id of accountIds) {
      // Every fourth task is the user's, open and due between 3 days ago and 6 days ahead; the others are done, later or a colleague's.
      await c.query(
        `insert into acct_${id.replace(/-/g, '')}.task (id, title, due_date, done, assignee_user_id, created_at, updated_at)
         select gen_random_uuid(), 'Task ' || i, current_date + (i % 10) - 3 + case when i % 4 = 2 then 30 else 0 end, i % 4 = 1, case when i % 4 = 3 then $2::uuid else $1::uuid end, now(), now()
         from generate_series(1, $3) i`,
        [auth.user.id, colleague, tasksPerAccount],
      );
    }
    await c.query('analyze');
  });

  const myWork = '{ myWork { id title dueDate due subject { kind id name } account { id name slug } } }';
  const first = await gql(myWork, {}, auth.accessToken);
  results.myWorkTasks = first.myWork.length;
  results.myWork = await timedSequentially(() => gql(myWork, {}, auth.accessToken), samples);
  results.accountBadges = await timedSequentially(() => gql('{ accountBadges { account { id } overdueTasks pendingInvitations } }', {}, auth.accessToken), samples);
  results.baselineOneAccountTasks = await timedSequentially(() => gql('{ tasks(first: 25) { edges { node { id title dueDate done } } } }', {}, auth.accessToken), samples);
  results.myWorkToBaselineP50 = round(results.myWork.p50Ms / results.baselineOneAccountTasks.p50Ms, 2);
  results.badgesToBaselineP50 = round(results.accountBadges.p50Ms / results.baselineOneAccountTasks.p50Ms, 2);
  results.loadAverageAtEnd = os.loadavg()[0];
  await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
  await fs.writeFile(path.join(root, 'bench/results/my-work.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error));
}

async function startServer(databaseUrl) {
  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-bench-mywork-'));
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    NODE_ENV: 'production',
    KONTOR_JOB_WORKER: 'false',
    KONTOR_BILLING_SCHEDULE: 'false',
    KONTOR_WEBHOOKS_WORKER: 'false',
    KONTOR_ACCOUNTS_PER_USER: '1000',
    KONTOR_ACCOUNT_CREATIONS_PER_USER: '1000',
    KONTOR_ACCOUNT_CREATIONS_PER_CLIENT: '1000',
    KONTOR_DATA_DIR: dataDir,
  };
  const child = spawn(process.execPath, [path.join(root, 'packages/server/dist/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  cleanups.push(async () => {
    await stop(child);
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);
  return url;
}
