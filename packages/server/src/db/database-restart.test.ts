import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../app.js';
import { createLogger, silentLogger } from '../logging/logger.js';
import { testAppConfig } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { accountSchemaName } from './account-schema.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

/**
 * From the trust issue's proof: PostgreSQL restarts while 50 clients write.
 * The server must answer 503 (not hang) while the database is down, recover
 * within 5 s after it is back, and lose no write it acknowledged. The test
 * stops and starts a PostgreSQL of its own, never the machine's.
 */
let dataDir: string;
let postgres: EmbeddedPostgres;
let port: number;
let app: App;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-restart-'));
  await fs.chmod(dataDir, 0o755);
  postgres = await startEmbeddedPostgres({ dataDir, logger: silentLogger });
  port = Number(new URL(postgres.url).port);
  app = await startApp(
    testAppConfig(postgres.url, dataDir, {
      // While the database is down a connection is refused at once; the acquire timeout only bounds waiting in line.
      database: { poolSize: 10, lookupPoolSize: 5, acquireTimeoutMs: 5000, statementTimeoutMs: 10_000 },
    }),
    // Only errors, which this test must not cause (a 503 is logged as a warning).
    createLogger('error', {}, (line) => process.stderr.write(line + '\n')),
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
  await postgres?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
  lastName: string;
  accountIndex: number;
  sentAt: number;
  answeredAt: number;
}

describe('a PostgreSQL restart under 50 writing clients', () => {
  it('answers 503 while the database is down, recovers within 5 s, and keeps every acknowledged write', async () => {
    const owners: { client: TestClient; accountId: string }[] = [];
    for (const name of ['North', 'South', 'East', 'West', 'Centre']) {
      const client = new TestClient(app.url);
      const { auth } = await signUpNew(client, { accountName: name, planCode: 'TEAM' });
      owners.push({ client, accountId: auth.account.id });
    }

    const { createApiKey } = await owners[0]!.client.data('mutation { createApiKey(name: "Sync", role: NORMAL) { secret } }');
    /** Other ways in that touch the database before a resolver runs: an API key, and an invoice download with a user's token. */
    const otherRequests = () =>
      Promise.all([
        fetch(`${app.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${createApiKey.secret}` },
          body: JSON.stringify({ query: '{ people { totalCount } }' }),
          signal: AbortSignal.timeout(15_000),
        }),
        fetch(`${app.url}/invoices/${owners[0]!.accountId}.pdf`, { headers: { authorization: `Bearer ${owners[0]!.client.token}` }, signal: AbortSignal.timeout(15_000) }),
      ]).then((responses) => Promise.all(responses.map(async (response) => ({ status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json().catch(() => undefined) }))));

    const answers: Answer[] = [];
    let writing = true;
    const writer = async (w: number) => {
      const accountIndex = w % owners.length;
      for (let n = 0; writing; n++) {
        const lastName = `Writer ${w}-${n}`;
        const sentAt = performance.now();
        const response = await fetch(`${app.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${owners[accountIndex]!.client.token}` },
          body: JSON.stringify({ query: 'mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }', variables: { input: { lastName } } }),
          // A hang fails the test here instead of stalling it.
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await response.json()) as { data?: { createPerson?: { id: string } } | null; errors?: { extensions?: { code?: string } }[] };
        const answeredAt = performance.now();
        answers.push({ status: response.status, code: body.errors?.[0]?.extensions?.code, retryAfter: response.headers.get('retry-after'), lastName, accountIndex, sentAt, answeredAt });
        if (response.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const writers = Array.from({ length: 50 }, (_, w) => writer(w));

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stoppedAt = performance.now();
    await postgres.stop();
    const downSince = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const otherWhileDown = await otherRequests();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const downUntil = performance.now();
    postgres = await startEmbeddedPostgres({ dataDir, logger: silentLogger, port });
    const backAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 7000));
    writing = false;
    await Promise.all(writers);

    // Never a 500: every answer is a stored person or a 503 with Retry-After.
    const unexpected = answers.filter((a) => !(a.status === 200 && a.code === undefined) && !(a.status === 503 && a.code === 'SERVICE_UNAVAILABLE' && a.retryAfter === '2'));
    expect(unexpected.map(({ status, code }) => ({ status, code }))).toEqual([]);

    // While it was down: 503s, and nothing acknowledged. No hang: 50 writers had more than 50 answers within the
    // 3 s it was down (a request waiting for the database would have been answered only after it came back).
    const whileDown = answers.filter((a) => a.sentAt >= downSince && a.answeredAt <= downUntil);
    expect(whileDown.length).toBeGreaterThan(50);
    expect(whileDown.every((a) => a.status === 503)).toBe(true);

    // Back within 5 s: every request sent 5 s after the restart succeeds.
    const afterRecovery = answers.filter((a) => a.sentAt >= backAt + 5000);
    expect(afterRecovery.length).toBeGreaterThan(50);
    expect(afterRecovery.filter((a) => a.status !== 200)).toEqual([]);
    expect(answers.some((a) => a.sentAt < stoppedAt && a.status === 200)).toBe(true);

    for (const answer of otherWhileDown) {
      expect(answer).toMatchObject({ status: 503, retryAfter: '2', body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 } }] } });
    }
    // After the restart the same requests are answered again (no such invoice: 404).
    expect((await otherRequests()).map((answer) => answer.status)).toEqual([200, 404]);

    // Every acknowledged person is stored.
    for (const [index, { accountId }] of owners.entries()) {
      const stored = await withClient(postgres.url, async (db) => {
        const result = await db.query<{ last_name: string }>(`select last_name from ${accountSchemaName(accountId)}.person`);
        return new Set(result.rows.map((row) => row.last_name));
      });
      const acknowledged = answers.filter((a) => a.accountIndex === index && a.status === 200).map((a) => a.lastName);
      expect(acknowledged.filter((lastName) => !stored.has(lastName))).toEqual([]);
    }
  }, 120_000);
});
