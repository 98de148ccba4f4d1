import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unique, password } from './support/app.js';
import { createDatabase, startServer, type RunningServer } from './support/server.js';

/**
 * Two Kontor processes on two ports over one database are one service: what
 * one knows, the other knows on the next request, and what runs in the
 * background (invoice runs, webhook deliveries) happens once, not once per
 * process. Both processes are the built server (`packages/server/dist`), as
 * `npm start` runs it, sharing a data folder (token key, IBAN key, files).
 */

/** A caller as a browser tab would be, that can send each request to either process. */
class Caller {
  token: string | undefined;
  cookie: string | undefined;

  async request(server: RunningServer, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: any; errors?: { extensions?: Record<string, unknown> }[] }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.cookie) headers.cookie = this.cookie;
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    for (const setCookie of response.headers.getSetCookie()) this.cookie = setCookie.split(';')[0];
    return (await response.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] };
  }

  async data(server: RunningServer, query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const result = await this.request(server, query, variables);
    if (result.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  }
}

const databaseServer = process.env.DATABASE_URL?.trim();
const database = databaseServer ? await createDatabase() : undefined;
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-two-processes-'));
const sql = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> => {
  const client = new pg.Client({ connectionString: database!.url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
};
const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 45_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const signUp = (caller: Caller, server: RunningServer, accountName: string) =>
  caller.data(server, 'mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken account { id } } } }', {
    input: { email: `${unique('two').replace(' ', '-')}@example.com`, password, accountName, planCode: 'TEAM' },
  });

// The per-address and per-address-and-minute limits are what "rate limits are shared" is about: low, and the same in both.
const settings = {
  DATABASE_URL: database?.url ?? '',
  KONTOR_AUTH_ATTEMPTS_PER_EMAIL: '4',
  KONTOR_ACCOUNT_CREATIONS_PER_CLIENT: '100',
  KONTOR_AUTH_ATTEMPTS_PER_CLIENT: '1000',
  KONTOR_WEBHOOKS_ALLOW_PRIVATE: 'true',
  KONTOR_WEBHOOKS_WORKER: 'true',
  KONTOR_BILLING_SCHEDULE: 'true',
};

let a: RunningServer;
let b: RunningServer;
const billed: { accountId: string }[] = [];

describe.skipIf(!database)('two Kontor processes over one database', () => {
  beforeAll(async () => {
    // Accounts to bill must exist before the two processes' invoice schedules first run (5 s after start): a first
    // process makes them and stops.
    const first = await startServer({ ...settings, KONTOR_BILLING_SCHEDULE: 'false' }, dataDir);
    try {
      for (const name of ['Billed One', 'Billed Two']) {
        const { signUp: made } = await signUp(new Caller(), first, name);
        billed.push({ accountId: made.auth.account.id });
      }
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    // Customers since June: July to October are due, on both processes' first run.
    for (const { accountId } of billed) {
      await sql('update account set created_at = $2 where id = $1', [accountId, '2026-06-01T00:00:00Z']);
      await sql(`update subscription set trial_ends_at = $2::timestamptz + interval '30 days' where account_id = $1`, [accountId, '2026-06-01T00:00:00Z']);
      await sql('update plan_change set changed_at = $2 where account_id = $1 and from_plan_code is null', [accountId, '2026-06-01T00:00:00Z']);
    }
    [a, b] = await Promise.all([startServer(settings, dataDir), startServer(settings, dataDir)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop('SIGTERM'), b?.stop('SIGTERM')]);
    await database?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refreshes on one process a session started on the other', async () => {
    const tab = new Caller();
    const { signUp: made } = await signUp(tab, a, 'Session GmbH');
    tab.token = made.auth.accessToken;
    const accountId = made.auth.account.id;
    const refreshed = await tab.data(b, 'mutation($id: ID!) { refreshSession(accountId: $id) { accessToken user { email } } }', { id: accountId });
    expect(refreshed.refreshSession.accessToken).toEqual(expect.any(String));
    // The rotated cookie from b refreshes on a again; the token from b works on a.
    tab.token = refreshed.refreshSession.accessToken;
    expect((await tab.data(a, 'mutation($id: ID!) { refreshSession(accountId: $id) { accessToken } }', { id: accountId })).refreshSession.accessToken).toEqual(expect.any(String));
    expect((await tab.data(a, 'query { people(first: 1) { totalCount } }')).people.totalCount).toBe(0);
  });

  it('refuses on one process, on the very next request, an API key revoked on the other', async () => {
    const owner = new Caller();
    owner.token = (await signUp(owner, a, 'Keys GmbH')).signUp.auth.accessToken;
    const { createApiKey } = await owner.data(a, 'mutation { createApiKey(name: "Integration", role: NORMAL) { secret apiKey { id } } }');
    const key = new Caller();
    key.token = createApiKey.secret;
    expect((await key.data(b, 'query { people(first: 1) { totalCount } }')).people.totalCount).toBe(0);
    await owner.data(a, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: createApiKey.apiKey.id });
    const refused = await key.request(b, 'query { people(first: 1) { totalCount } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('counts a rate limit across both processes', async () => {
    const email = `${unique('limited').replace(' ', '-')}@example.com`;
    const codes: unknown[] = [];
    for (const server of [a, b, a, b, a]) {
      const result = await new Caller().request(server, 'mutation($e: String!) { logIn(email: $e, password: "not the password") { accessToken } }', { e: email });
      codes.push(result.errors?.[0]?.extensions?.code);
    }
    // Four attempts per address and minute in all, not four per process.
    expect(codes.slice(0, 4).every((code) => code !== 'RATE_LIMITED')).toBe(true);
    expect(codes[4]).toBe('RATE_LIMITED');
  });

  it('issues and mails each invoice once, though both processes run the invoice schedule', async () => {
    const months = ['2026-07', '2026-08', '2026-09', '2026-10'];
    await until('both processes to finish their invoice runs', async () => {
      const runs = await sql<{ month: string }>(`select to_char(period, 'YYYY-MM') as month from billing_run`).catch(() => []);
      return months.every((month) => runs.some((run) => run.month === month));
    });
    const ids = billed.map((account) => account.accountId);
    const invoices = await sql<{ number: string; account_id: string; period: string }>(
      `select number, account_id, to_char(period, 'YYYY-MM') as period from invoice where account_id = any($1::uuid[]) order by number`,
      [ids],
    );
    expect(invoices.length).toBeGreaterThan(0);
    expect(new Set(invoices.map((invoice) => `${invoice.account_id} ${invoice.period}`)).size).toBe(invoices.length);
    // Each invoice's mail is written once (no SMTP_URL: the outbox), after the run; wait until none is missing.
    const mailsOf = async () => sql<{ subject: string }>(`select subject from mail_outbox where subject like 'Invoice %' and account_id = any($1::uuid[])`, [ids]);
    await until('every invoice mailed', async () => (await mailsOf()).length >= invoices.length);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const subjects = (await mailsOf()).map((mail) => mail.subject.split(' ')[1]).sort();
    expect(subjects).toEqual(invoices.map((invoice) => invoice.number).sort());
  }, 90_000);

  it('sends each webhook delivery once, though both processes run the webhook worker', async () => {
    const received: string[] = [];
    const receiver = http.createServer((request, response) => {
      received.push(String(request.headers['kontor-delivery']));
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const owner = new Caller();
      owner.token = (await signUp(owner, a, 'Hooks GmbH')).signUp.auth.accessToken;
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      await owner.data(a, 'mutation($url: String!) { createWebhook(input: { url: $url, events: [PERSON_CREATED] }) { webhook { id } } }', { url });
      const people = 12;
      await Promise.all(
        Array.from({ length: people }, (_, i) => owner.data(i % 2 ? a : b, 'mutation($n: String!) { createPerson(input: { lastName: $n }) { id } }', { n: `Hooked ${i}` })),
      );
      await until('every delivery', async () => received.length >= people);
      // Time for a second sending, were there one.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(received).toHaveLength(people);
      expect(new Set(received).size).toBe(people);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  }, 90_000);

  it('loses no acknowledged write when a process is killed in the middle of requests', async () => {
    const owner = new Caller();
    owner.token = (await signUp(owner, a, 'Killed GmbH')).signUp.auth.accessToken;
    const acknowledged: string[] = [];
    let failed = 0;
    const writer = async (n: number) => {
      for (let i = 0; ; i++) {
        const result = await owner.request(b, 'mutation($n: String!) { createPerson(input: { lastName: $n }) { id } }', { n: `Writer ${n}-${i}` }).catch(() => undefined);
        if (!result?.data) {
          failed++;
          return;
        }
        acknowledged.push(result.data.createPerson.id);
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await until('some writes acknowledged', async () => acknowledged.length >= 20);
    b.process.kill('SIGKILL');
    await Promise.all(writers);
    expect(failed).toBe(4);
    // Read through the other process, which still serves: every acknowledged person is there.
    const { people } = await owner.data(a, 'query { people(first: 1) { totalCount } }');
    expect(people.totalCount).toBeGreaterThanOrEqual(acknowledged.length);
    const [account] = await sql<{ schema_name: string }>('select schema_name from account where name = $1', ['Killed GmbH']);
    const stored = new Set((await sql<{ id: string }>(`select id from "${account!.schema_name}".person`)).map((row) => row.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  }, 90_000);
});
