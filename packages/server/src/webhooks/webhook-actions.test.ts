import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { accountSchemaName } from '../db/account-schema.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { startReceiver, waitFor } from '../testing/webhook-receivers.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const fastRetries = { pollIntervalMs: 100, retryBaseSeconds: 0.05, maxRetryDelaySeconds: 0.2, giveUpAfterSeconds: 86_400, timeoutMs: 5_000 };

let app: TestApp;
let owner: TestClient;
let schema: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({ config: { webhooks: { ...loadConfig({ NODE_ENV: 'test' }).webhooks, ...fastRetries, worker: true, allowPrivateUrls: true } } });
  owner = new TestClient(app.url);
  schema = accountSchemaName((await signUpNew(owner)).auth.account.id);
});
afterAll(async () => {
  await app.stop();
  await receiver.close();
});

const deliveryFields = 'id event status attempts lastStatusCode lastDurationMs lastError nextAttemptAt redeliveredAt';
const deliveries = async (webhookId: string) =>
  (await owner.data(`query($id: ID!) { webhookDeliveries(webhookId: $id) { ${deliveryFields} } }`, { id: webhookId })).webhookDeliveries as Record<string, any>[];

async function newWebhook(path: string, events: string[] = ['COMPANY_CREATED']) {
  const { createWebhook } = await owner.data('mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret webhook { id } } }', {
    input: { url: receiver.url(path), events },
  });
  return createWebhook as { signingSecret: string; webhook: { id: string } };
}

const sendTest = (id: string) => owner.data(`mutation($id: ID!) { sendTestWebhookEvent(id: $id) { ${deliveryFields} } }`, { id });
const receivedAt = (path: string) => receiver.received.filter((r) => JSON.parse(r.body).data?.webhook?.url?.endsWith(path));

describe('a test event', () => {
  it('is delivered signed, whatever the webhook subscribes to and while it is paused, and logged with status code and duration', async () => {
    const { signingSecret, webhook } = await newWebhook('/test-event', ['DEAL_DELETED']);
    await owner.data('mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { id } }', { id: webhook.id });
    const { sendTestWebhookEvent: queued } = await sendTest(webhook.id);
    expect(queued).toMatchObject({ event: 'WEBHOOK_TEST', status: 'PENDING', attempts: 0 });

    const request = await waitFor('the test delivery', () => receivedAt('/test-event')[0]);
    expect(JSON.parse(request.body)).toMatchObject({ id: queued.id, event: 'webhook.test', data: { test: true, webhook: { id: webhook.id } } });
    expect(request.headers['kontor-event']).toBe('webhook.test');
    expect(verifyWebhookSignature(signingSecret, request.body, request.headers['kontor-signature'] as string)).toBe(true);
    const logged = await waitFor('the log entry', async () => (await deliveries(webhook.id)).find((d) => d.status === 'DELIVERED'));
    expect(logged).toMatchObject({ id: queued.id, attempts: 1, lastStatusCode: 200, lastError: null });
    expect(logged.lastDurationMs).toBeGreaterThanOrEqual(0);
    expect(logged.lastDurationMs).toBeLessThan(5_000);
  });

  it('cannot be subscribed to', async () => {
    const result = await owner.request('mutation { createWebhook(input: { url: "https://1.1.1.1/x", events: [WEBHOOK_TEST] }) { webhook { id } } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
  });
});

describe('rotating the signing secret', () => {
  it('returns a new secret once; deliveries from then on verify with it and no longer with the old one', async () => {
    const { signingSecret: old, webhook } = await newWebhook('/rotated');
    const { rotateWebhookSecret } = await owner.data('mutation($id: ID!) { rotateWebhookSecret(id: $id) { signingSecret webhook { id } } }', { id: webhook.id });
    expect(rotateWebhookSecret.webhook.id).toBe(webhook.id);
    expect(rotateWebhookSecret.signingSecret).toMatch(/^whsec_/);
    expect(rotateWebhookSecret.signingSecret).not.toBe(old);
    await sendTest(webhook.id);
    const request = await waitFor('a delivery after rotating', () => receivedAt('/rotated')[0]);
    const signature = request.headers['kontor-signature'] as string;
    expect(verifyWebhookSignature(rotateWebhookSecret.signingSecret, request.body, signature)).toBe(true);
    expect(verifyWebhookSignature(old, request.body, signature)).toBe(false);
  });
});

describe('redelivering', () => {
  it('queues a failed delivery again with the same ID and a new day of retries, until it is delivered', async () => {
    const { webhook } = await newWebhook('/flaky');
    receiver.answerWith((request) => (request.body.includes('/flaky') ? 500 : 200));
    try {
      const { sendTestWebhookEvent } = await sendTest(webhook.id);
      await waitFor('a failed attempt', async () => (await deliveries(webhook.id))[0]?.lastStatusCode === 500);
      // A day has passed since the change: the next failure gives up.
      await withClient(app.database.url, (db) => db.query(`update ${schema}.webhook_delivery set created_at = now() - interval '25 hours' where id = $1`, [sendTestWebhookEvent.id]));
      const failed = await waitFor('giving up', async () => (await deliveries(webhook.id)).find((d) => d.status === 'FAILED'));
      expect(failed).toMatchObject({ lastStatusCode: 500, redeliveredAt: null });
      const attemptsBefore = receivedAt('/flaky').length;

      // Still failing after a redelivery: it is retried, not given up at once (the day counts from the redelivery).
      await owner.data('mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id } }', { id: failed.id });
      await waitFor('retries after the redelivery', () => receivedAt('/flaky').length >= attemptsBefore + 2);
      expect((await deliveries(webhook.id))[0]?.status).toBe('PENDING');

      receiver.answerWith(() => 200);
      const delivered = await waitFor('delivered', async () => (await deliveries(webhook.id)).find((d) => d.status === 'DELIVERED'));
      expect(delivered).toMatchObject({ id: failed.id, lastStatusCode: 200, lastError: null });
      expect(delivered.redeliveredAt).not.toBeNull();
      expect(new Set(receivedAt('/flaky').map((r) => r.headers['kontor-delivery']))).toEqual(new Set([failed.id]));
    } finally {
      receiver.answerWith(() => 200);
    }
  });

  it('refuses a delivery that has not failed, and an unknown one, changing nothing', async () => {
    const { webhook } = await newWebhook('/fine');
    await sendTest(webhook.id);
    const delivered = await waitFor('delivered', async () => (await deliveries(webhook.id)).find((d) => d.status === 'DELIVERED'));
    const refused = await owner.request('mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id } }', { id: delivered.id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect((await deliveries(webhook.id))[0]).toEqual(delivered);
    const unknown = await owner.request('mutation { redeliverWebhookDelivery(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
