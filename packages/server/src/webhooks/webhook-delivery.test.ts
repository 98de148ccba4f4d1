import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { silentLogger } from '../logging/logger.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { startFlood, startReceiver, startSilentDns, startTrickler, waitFor } from '../testing/webhook-receivers.js';
import { webhookListenerName } from './webhook-listener.js';
import { WebhookWorker, type WebhookWorkerSettings } from './webhook-worker.js';

/** How deliveries behave against receivers that hang, trickle or flood, across accounts, on stop() and on a lost LISTEN connection. */

let app: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const workers: WebhookWorker[] = [];
const hooks: { client: TestClient; id: string }[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  // No worker in the app: each test runs its own with the settings it is about.
  app = await startTestApp({ config: { webhooks: { ...loadConfig({ NODE_ENV: 'test' }).webhooks, worker: false, allowPrivateUrls: true } } });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  // Deleting a webhook deletes its deliveries: nothing a test left pending reaches the next test's worker.
  for (const { client, id } of hooks.splice(0)) await client.data('mutation($id: ID!) { deleteWebhook(id: $id) }', { id });
  receiver.answerWith(() => 200);
});
afterAll(async () => {
  await app.stop();
  await receiver.close();
});

function startWorker(settings: Partial<WebhookWorkerSettings>): Promise<WebhookWorker> {
  const defaults = loadConfig({ NODE_ENV: 'test' }).webhooks;
  const worker = new WebhookWorker(app.orm, app.database.url, { ...defaults, pollIntervalMs: 200, retryBaseSeconds: 0.05, maxRetryDelaySeconds: 0.2, allowPrivateUrls: true, ...settings }, silentLogger);
  workers.push(worker);
  return worker.start().then(() => worker);
}

async function accountWithWebhook(url: string): Promise<{ client: TestClient; webhookId: string }> {
  const client = new TestClient(app.url);
  await signUpNew(client);
  const { createWebhook } = await client.data('mutation($url: String!) { createWebhook(input: { url: $url, events: [PERSON_CREATED] }) { webhook { id } } }', { url });
  hooks.push({ client, id: createWebhook.webhook.id });
  return { client, webhookId: createWebhook.webhook.id };
}

async function createPerson(client: TestClient, lastName: string): Promise<string> {
  return (await client.data('mutation($lastName: String!) { createPerson(input: { lastName: $lastName }) { id } }', { lastName })).createPerson.id;
}

interface Delivery {
  id: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

async function deliveriesOf(client: TestClient, webhookId: string): Promise<Delivery[]> {
  const query = 'query($id: ID!) { webhookDeliveries(webhookId: $id) { id status attempts lastStatusCode lastError } }';
  return (await client.data(query, { id: webhookId })).webhookDeliveries;
}

/** Retries far enough off that a test sees only the first attempt. */
const noRetryForAMinute = { retryBaseSeconds: 60, maxRetryDelaySeconds: 60 };

const receivedFor = (personId: string) => receiver.received.filter((request) => request.body.includes(personId));

describe('webhook deliveries', () => {
  it("of another account arrive promptly while one account's receiver hangs; stop() is bounded and the hanging delivery is sent again later", async () => {
    receiver.answerWith((request) => (request.body.includes('"Hanging') ? 'hang' : 200));
    const a = await accountWithWebhook(receiver.url('/a'));
    const b = await accountWithWebhook(receiver.url('/b'));
    const worker = await startWorker({ timeoutMs: 30_000, concurrency: 8, concurrencyPerAccount: 2, stopTimeoutMs: 1_000 });

    const hanging = await Promise.all([1, 2, 3].map((n) => createPerson(a.client, `Hanging ${n}`)));
    await waitFor('two of A in flight', () => hanging.filter((id) => receivedFor(id).length > 0).length === 2);
    const sentAt = Date.now();
    const promptId = await createPerson(b.client, 'Prompt');
    await waitFor("B's delivery", () => receivedFor(promptId).length === 1);
    expect(Date.now() - sentAt).toBeLessThan(3_000);
    // A's receiver holds A's two slots; A's third delivery waits for them instead of taking more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hanging.filter((id) => receivedFor(id).length > 0)).toHaveLength(2);

    const stopping = Date.now();
    await worker.stop();
    expect(Date.now() - stopping).toBeLessThan(3_000);
    const interrupted = (await deliveriesOf(a.client, a.webhookId)).filter((d) => d.attempts === 1);
    expect(interrupted).toHaveLength(2);
    for (const delivery of interrupted) expect(delivery).toMatchObject({ status: 'PENDING', lastError: expect.stringMatching(/^Interrupted/) });

    receiver.answerWith(() => 200);
    await startWorker({});
    const delivered = await waitFor('A delivered after the restart', async () => {
      const list = await deliveriesOf(a.client, a.webhookId);
      return list.every((d) => d.status === 'DELIVERED') && list;
    });
    expect(delivered.map((d) => d.attempts).sort()).toEqual([1, 2, 2]);
    for (const id of hanging) expect(new Set(receivedFor(id).map((r) => r.headers['kontor-delivery'])).size).toBe(1);
  });

  it('are sent at most KONTOR_WEBHOOKS_CONCURRENCY at once over all accounts; the account left waiting goes next', async () => {
    receiver.answerWith((request) => (request.body.includes('"Waiting') ? 'hang' : 200));
    const accounts = await Promise.all(['/one', '/two', '/three'].map((path) => accountWithWebhook(receiver.url(path))));
    await startWorker({ timeoutMs: 1_500, concurrency: 2, concurrencyPerAccount: 1, ...noRetryForAMinute });
    const people = await Promise.all(accounts.map((account, i) => createPerson(account.client, `Waiting ${i}`)));
    const sent = () => people.filter((id) => receivedFor(id).length > 0).length;
    await waitFor('two in flight', () => sent() === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent()).toBe(2);
    await waitFor('the third, once a slot is free', () => sent() === 3, 5_000);
  });

  it('give up on a receiver that trickles its answer after the total deadline, and retry it', async () => {
    const trickler = await startTrickler(100);
    try {
      const a = await accountWithWebhook(trickler.url('/slow'));
      await startWorker({ timeoutMs: 1_500, ...noRetryForAMinute });
      await createPerson(a.client, 'Trickled');
      const [failed] = await waitFor('the deadline', async () => {
        const list = await deliveriesOf(a.client, a.webhookId);
        return list[0]?.lastError ? list : undefined;
      });
      expect(failed).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: null, lastError: 'No answer within 1500 ms.' });
      const [connection] = trickler.connections;
      expect(connection!.closedAt! - connection!.openedAt).toBeGreaterThanOrEqual(1_300);
      expect(connection!.closedAt! - connection!.openedAt).toBeLessThan(4_000);
    } finally {
      await trickler.close();
    }
  });

  it("whose host's DNS never answers hold only their own account's slots and fail at the deadline", async () => {
    const dns = await startSilentDns();
    try {
      const a = await accountWithWebhook(`http://hooks.silent.test:${receiver.port()}/a`);
      const b = await accountWithWebhook(receiver.url('/b'));
      await startWorker({ dnsServers: [dns.server], timeoutMs: 2_000, concurrency: 4, concurrencyPerAccount: 2, ...noRetryForAMinute });
      await Promise.all([1, 2, 3].map((n) => createPerson(a.client, `Unresolved ${n}`)));
      await waitFor('the lookups', () => dns.state.queries >= 2);
      const sentAt = Date.now();
      const promptId = await createPerson(b.client, 'Resolved');
      await waitFor("B's delivery", () => receivedFor(promptId).length === 1);
      expect(Date.now() - sentAt).toBeLessThan(1_500);
      const failed = await waitFor('the deadline', async () => {
        const list = await deliveriesOf(a.client, a.webhookId);
        return list.filter((d) => d.lastError).length === 3 && list;
      });
      for (const delivery of failed) expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: null });
    } finally {
      await dns.close();
    }
  });

  it('read only a few KB of a 100 MB answer, then drop the connection', async () => {
    const flood = await startFlood(100 * 1024 * 1024);
    try {
      const a = await accountWithWebhook(flood.url('/flood'));
      await startWorker({ responseBodyBytes: 4096 });
      await createPerson(a.client, 'Flooded');
      const [delivered] = await waitFor('the delivery', async () => {
        const list = await deliveriesOf(a.client, a.webhookId);
        return list[0]?.status === 'DELIVERED' && list;
      });
      expect(delivered).toMatchObject({ attempts: 1, lastStatusCode: 200 });
      await waitFor('the connection dropped', () => flood.state.closed === 1);
      // Socket buffers take a few MB before the receiver notices; reading it all would have taken 100.
      expect(flood.state.bytesWritten).toBeLessThan(32 * 1024 * 1024);
    } finally {
      await flood.close();
    }
  });

  it('do not follow a redirect: a 3xx is a failed attempt', async () => {
    receiver.answerWith((request) => (request.body.includes('"Redirected"') ? { status: 307, headers: { location: receiver.url('/elsewhere') } } : 200));
    const a = await accountWithWebhook(receiver.url('/moved'));
    await startWorker({ ...noRetryForAMinute });
    const personId = await createPerson(a.client, 'Redirected');
    const [delivery] = await waitFor('the attempt', async () => {
      const list = await deliveriesOf(a.client, a.webhookId);
      return list[0]?.lastStatusCode ? list : undefined;
    });
    expect(delivery).toMatchObject({ status: 'PENDING', lastStatusCode: 307, lastError: 'The endpoint answered HTTP 307.' });
    expect(receivedFor(personId)).toHaveLength(1);
  });

  it('refuse at connect time a URL saved while allowed that reaches a non-public address', async () => {
    const port = receiver.port();
    const urls = [`http://localhost:${port}/x`, `http://[::ffff:127.0.0.1]:${port}/x`, `http://[::127.0.0.1]:${port}/x`, `http://no-such-host.invalid:${port}/x`];
    const accounts = await Promise.all(urls.map((url) => accountWithWebhook(url)));
    await startWorker({ allowPrivateUrls: false, ...noRetryForAMinute });
    const people = await Promise.all(accounts.map((account, i) => createPerson(account.client, `Refused ${i}`)));
    const errors: string[] = [];
    for (const account of accounts) {
      const [delivery] = await waitFor('the refused attempt', async () => {
        const list = await deliveriesOf(account.client, account.webhookId);
        return list[0]?.lastError ? list : undefined;
      });
      expect(delivery).toMatchObject({ status: 'PENDING', lastStatusCode: null });
      errors.push(delivery!.lastError!);
    }
    expect(errors).toEqual([
      'localhost does not resolve to a public address; refused.',
      '::ffff:7f00:1 is not a public address; refused.',
      '::7f00:1 is not a public address; refused.',
      // The same words as for localhost: the deliveries list does not tell which internal names exist.
      'no-such-host.invalid does not resolve to a public address; refused.',
    ]);
    for (const id of people) expect(receivedFor(id)).toEqual([]);
  });

  it('keep arriving promptly after the LISTEN connection is lost (PostgreSQL restarted or the backend killed)', async () => {
    const a = await accountWithWebhook(receiver.url('/listen'));
    // Polling only once a minute: a prompt delivery must come through LISTEN.
    await startWorker({ pollIntervalMs: 60_000 });
    const listeners = () =>
      withClient(app.database.url, async (db) => (await db.query(`select pid from pg_stat_activity where application_name = $1 and datname = current_database()`, [webhookListenerName])).rows.map((row) => row.pid as number));
    const [before] = await waitFor('the listener', listeners);
    await withClient(app.database.url, (db) => db.query('select pg_terminate_backend($1)', [before]));
    // Queued around the loss: the reconnected listener looks for work at once instead of at the next poll.
    const duringId = await createPerson(a.client, 'During the restart');
    await waitFor('a new listener', async () => (await listeners()).some((pid) => pid !== before));
    await waitFor('the delivery queued around the loss', () => receivedFor(duringId).length === 1, 5_000);

    const sentAt = Date.now();
    const personId = await createPerson(a.client, 'After the restart');
    await waitFor('the delivery', () => receivedFor(personId).length === 1, 10_000);
    expect(Date.now() - sentAt).toBeLessThan(5_000);
  });
});
