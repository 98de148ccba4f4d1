import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { silentLogger } from '../logging/logger.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { startReceiver, waitFor } from '../testing/webhook-receivers.js';
import { WebhookWorker } from './webhook-worker.js';

/** The webhook worker looks only at accounts with work (webhook-work.ts), not at every account schema on every pass. */

let app: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({ config: { webhooks: { ...loadConfig({ NODE_ENV: 'test' }).webhooks, worker: false, allowPrivateUrls: true } } });
});
afterAll(async () => {
  await app.stop();
  await receiver.close();
});

async function accountWithWebhook(name: string): Promise<{ client: TestClient; accountId: string }> {
  const client = new TestClient(app.url);
  const accountId = (await signUpNew(client, { accountName: name })).auth.account.id as string;
  await client.data('mutation($url: String!) { createWebhook(input: { url: $url, events: [PERSON_CREATED] }) { webhook { id } } }', { url: receiver.url(`/${accountId}`) });
  return { client, accountId };
}

const workOf = (accountId: string) =>
  withClient(app.database.url, async (db) => (await db.query('select due_at, oldest_finished_at from webhook_work where account_id = $1', [accountId])).rows[0]);

describe('the webhook worker', () => {
  it('looks at every account once at start, then only at accounts with a delivery notified or due', async () => {
    const quiet = await Promise.all(['Quiet 1', 'Quiet 2', 'Quiet 3', 'Quiet 4', 'Quiet 5'].map(accountWithWebhook));
    const busy = await accountWithWebhook('Busy');
    const defaults = loadConfig({ NODE_ENV: 'test' }).webhooks;
    const worker = new WebhookWorker(app.orm, app.database.url, { ...defaults, pollIntervalMs: 50, retryBaseSeconds: 0.3, maxRetryDelaySeconds: 0.3, allowPrivateUrls: true }, silentLogger);
    const passes: number[] = [];
    worker.onPass = (accounts) => passes.push(accounts);
    await worker.start();
    try {
      await waitFor('the first pass over every account', () => passes.some((accounts) => accounts >= quiet.length + 1));
      await waitFor('a pass with nothing to do', () => passes.at(-1) === 0);
      passes.length = 0;

      // The receiver fails the first attempt: the retry is found through the account's mark, not by looking everywhere.
      receiver.answerWith((_, index) => (index === 0 ? 503 : 200));
      const person = (await busy.client.data('mutation { createPerson(input: { lastName: "Watched" }) { id } }')).createPerson.id as string;
      await waitFor('the retry delivered', () => receiver.received.filter((request) => request.body.includes(person)).length === 2);
      await waitFor('the mark of due work cleared', async () => (await workOf(busy.accountId))?.due_at === null);
      const passesWithWork = passes.length;
      await waitFor('more passes', () => passes.length >= passesWithWork + 5);

      expect(receiver.received.map((request) => request.headers['kontor-event'])).toEqual(['person.created', 'person.created']);
      // Dozens of passes ran meanwhile (every 50 ms); none looked at more than the one account with work.
      expect(passes.length).toBeGreaterThan(5);
      expect(Math.max(...passes)).toBe(1);
      expect(passes.slice(passesWithWork)).toEqual(passes.slice(passesWithWork).map(() => 0));
      // The finished delivery marks the account for the retention clean-up; the quiet ones carry no mark at all.
      expect((await workOf(busy.accountId))?.oldest_finished_at).toBeInstanceOf(Date);
      for (const { accountId } of quiet) expect(await workOf(accountId)).toBeUndefined();
    } finally {
      await worker.stop();
    }
  });
});
