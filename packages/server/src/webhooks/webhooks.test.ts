import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { silentLogger } from '../logging/logger.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { startReceiver, waitFor } from '../testing/webhook-receivers.js';
import { verifyWebhookSignature } from './webhook-signature.js';
import { WebhookWorker } from './webhook-worker.js';

const fastRetries = { pollIntervalMs: 100, retryBaseSeconds: 0.05, maxRetryDelaySeconds: 0.2, giveUpAfterSeconds: 86_400, timeoutMs: 5_000 };

let app: TestApp;
let owner: TestClient;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({ config: { webhooks: { ...loadConfig({ NODE_ENV: 'test' }).webhooks, ...fastRetries, worker: true, allowPrivateUrls: true } } });
  owner = new TestClient(app.url);
  await signUpNew(owner);
});
afterAll(async () => {
  await app.stop();
  await receiver.close();
});

const createWebhook = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret webhook { id url events active } } }`;
const deliveries = `query($id: ID!) { webhookDeliveries(webhookId: $id) { id event status attempts lastStatusCode lastError deliveredAt } }`;

async function newWebhook(client: TestClient, path: string, events: string[]) {
  const { createWebhook: created } = await client.data(createWebhook, { input: { url: receiver.url(path), events } });
  return created as { signingSecret: string; webhook: { id: string } };
}

describe('webhooks', () => {
  it('deliver a change with a signature over the timestamp and body that verifies', async () => {
    const { signingSecret, webhook } = await newWebhook(owner, '/people', ['PERSON_CREATED', 'PERSON_UPDATED', 'PERSON_DELETED']);
    expect(signingSecret).toMatch(/^whsec_/);
    const before = receiver.received.length;
    const { createPerson } = await owner.data('mutation { createPerson(input: { firstName: "Hook", lastName: "Person" }) { id } }');

    const request = await waitFor('the delivery', () => receiver.received.slice(before).find((r) => r.body.includes(createPerson.id)));
    expect(verifyWebhookSignature(signingSecret, request.body, request.headers['kontor-signature'] as string)).toBe(true);
    expect(verifyWebhookSignature(signingSecret, request.body.replace('Hook', 'Hack'), request.headers['kontor-signature'] as string)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', request.body, request.headers['kontor-signature'] as string)).toBe(false);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ event: 'person.created', data: { record: { id: createPerson.id, firstName: 'Hook', lastName: 'Person' } } });
    expect(request.headers['kontor-event']).toBe('person.created');
    expect(request.headers['kontor-delivery']).toBe(body.id);

    await owner.data('mutation($id: ID!) { updatePerson(id: $id, input: { position: "CEO" }) { id } }', { id: createPerson.id });
    await owner.data('mutation($id: ID!) { deletePerson(id: $id) }', { id: createPerson.id });
    const list = await waitFor('three delivered', async () => {
      const { webhookDeliveries } = await owner.data(deliveries, { id: webhook.id });
      return webhookDeliveries.length === 3 && webhookDeliveries.every((d: { status: string }) => d.status === 'DELIVERED') && webhookDeliveries;
    });
    expect(list.map((d: { event: string }) => d.event)).toEqual(['PERSON_DELETED', 'PERSON_UPDATED', 'PERSON_CREATED']);
    expect(list[0]).toMatchObject({ attempts: 1, lastStatusCode: 200, lastError: null });
    const updated = receiver.received.map((r) => JSON.parse(r.body)).find((b) => b.event === 'person.updated' && b.data.record.id === createPerson.id);
    expect(updated.data.changedFields).toEqual(['position']);
  });

  it('queue nothing for a change that was refused, nor for events not asked for', async () => {
    const { webhook } = await newWebhook(owner, '/companies', ['COMPANY_CREATED']);
    expect((await owner.request('mutation { createCompany(input: { name: "" }) { id } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await owner.data('mutation { createPerson(input: { lastName: "Not for companies" }) { id } }');
    await owner.data('mutation { createCompany(input: { name: "Counted Ltd" }) { id } }');
    const list = await waitFor('the company delivery', async () => {
      const { webhookDeliveries } = await owner.data(deliveries, { id: webhook.id });
      return webhookDeliveries.length > 0 && webhookDeliveries;
    });
    expect(list.map((d: { event: string }) => d.event)).toEqual(['COMPANY_CREATED']);
  });

  it('retry a failing endpoint with backoff until it answers, sending the same delivery each time', async () => {
    const { signingSecret, webhook } = await newWebhook(owner, '/flaky', ['DEAL_CREATED']);
    let failures = 0;
    receiver.answerWith((request) => (request.body.includes('"deal.created"') && failures++ < 2 ? 500 : 200));
    try {
      const { createDeal } = await owner.data('mutation { createDeal(input: { title: "Retried deal" }) { id } }');
      const [delivery] = await waitFor('delivery after retries', async () => {
        const { webhookDeliveries } = await owner.data(deliveries, { id: webhook.id });
        return webhookDeliveries[0]?.status === 'DELIVERED' && webhookDeliveries;
      });
      expect(delivery).toMatchObject({ event: 'DEAL_CREATED', attempts: 3, lastStatusCode: 200, lastError: null });
      const attempts = receiver.received.filter((r) => r.body.includes(createDeal.id));
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((r) => r.headers['kontor-delivery']))).toEqual(new Set([delivery.id]));
      for (const attempt of attempts) expect(verifyWebhookSignature(signingSecret, attempt.body, attempt.headers['kontor-signature'] as string)).toBe(true);
    } finally {
      receiver.answerWith(() => 200);
    }
  });

  it('record the last status while failing, and give up a day after the change', async () => {
    const { webhook } = await newWebhook(owner, '/down', ['COMPANY_DELETED']);
    receiver.answerWith((request) => (request.body.includes('"company.deleted"') ? 503 : 200));
    try {
      const { createCompany } = await owner.data('mutation { createCompany(input: { name: "Gone Ltd" }) { id } }');
      await owner.data('mutation($id: ID!) { deleteCompany(id: $id) }', { id: createCompany.id });
      const [failing] = await waitFor('a failed attempt', async () => {
        const { webhookDeliveries } = await owner.data(deliveries, { id: webhook.id });
        return webhookDeliveries[0]?.lastStatusCode != null && webhookDeliveries;
      });
      expect(failing).toMatchObject({ status: 'PENDING', lastStatusCode: 503, lastError: 'The endpoint answered HTTP 503.' });
      const { rows } = await withClient(app.database.url, (db) => db.query(`select schema_name from account order by created_at limit 1`));
      await withClient(app.database.url, (db) =>
        db.query(`update ${db.escapeIdentifier(rows[0].schema_name)}.webhook_delivery set created_at = now() - interval '25 hours' where id = $1`, [failing.id]),
      );
      const [failed] = await waitFor('giving up', async () => {
        const { webhookDeliveries } = await owner.data(deliveries, { id: webhook.id });
        return webhookDeliveries[0]?.status === 'FAILED' && webhookDeliveries;
      });
      expect(failed.lastStatusCode).toBe(503);
    } finally {
      receiver.answerWith(() => 200);
    }
  });

  it('are sent once each even when several workers run', async () => {
    const other = new TestClient(app.url);
    await signUpNew(other, { accountName: 'Busy' });
    await newWebhook(other, '/busy', ['PERSON_CREATED']);
    const config = loadConfig({ NODE_ENV: 'test' });
    const workers = [1, 2].map(() => new WebhookWorker(app.orm, app.database.url, { ...config.webhooks, ...fastRetries, pollIntervalMs: 20, allowPrivateUrls: true }, silentLogger));
    await Promise.all(workers.map((worker) => worker.start()));
    try {
      const { createPeople } = { createPeople: await Promise.all(Array.from({ length: 12 }, (_, i) => other.data(`mutation { createPerson(input: { lastName: "Busy ${i}" }) { id } }`))) };
      const ids = createPeople.map((result) => result.createPerson.id as string);
      await waitFor('all twelve', () => ids.every((id) => receiver.received.some((r) => r.body.includes(id))));
      await Promise.all(workers.map((worker) => worker.runOnce()));
      for (const id of ids) expect(receiver.received.filter((r) => r.body.includes(id))).toHaveLength(1);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });

  it('are managed by owners and co-owners only: a NORMAL key is refused and changes nothing', async () => {
    const { createApiKey } = await owner.data('mutation { createApiKey(name: "normal", role: NORMAL) { secret } }');
    const key = new TestClient(app.url);
    key.token = createApiKey.secret;
    const before = (await owner.data('{ webhooks { id } }')).webhooks.length;
    const result = await key.request(createWebhook, { input: { url: receiver.url('/nope'), events: ['PERSON_CREATED'] } });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await owner.data('{ webhooks { id } }')).webhooks.length).toBe(before);
  });

  it('can be paused, changed and deleted', async () => {
    const { webhook } = await newWebhook(owner, '/paused', ['COMPANY_UPDATED']);
    const { updateWebhook } = await owner.data('mutation($id: ID!) { updateWebhook(id: $id, input: { active: false, events: [COMPANY_UPDATED, DEAL_UPDATED] }) { active events } }', { id: webhook.id });
    expect(updateWebhook).toEqual({ active: false, events: ['COMPANY_UPDATED', 'DEAL_UPDATED'] });
    expect((await owner.data('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: webhook.id })).deleteWebhook).toBe(webhook.id);
    expect((await owner.request('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: webhook.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('webhook URLs without KONTOR_WEBHOOKS_ALLOW_PRIVATE', () => {
  let strict: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    strict = await startTestApp({ config: { webhooks: { ...loadConfig({ NODE_ENV: 'test' }).webhooks, worker: false, allowPrivateUrls: false } } });
    client = new TestClient(strict.url);
    await signUpNew(client);
  });
  afterAll(async () => {
    await strict.stop();
  });

  it('refuse private, loopback and link-local addresses and other schemes, creating nothing', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://10.1.2.3/hook',
      'http://192.168.0.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[fd00::1]/hook',
      'http://0.0.0.0/hook',
      // Issue 13: IPv4-compatible loopback, local-use NAT64, site-local and 6to4 around 10.0.0.1 were accepted.
      'http://[::127.0.0.1]/hook',
      'http://[64:ff9b:1::a00:1]/hook',
      'http://[fec0::1]/hook',
      'http://[2002:a00:1::1]/hook',
      'http://[2001::1]/hook',
      'http://2130706433/hook',
      'http://0x7f.1/hook',
      'ftp://example.com/hook',
      'https://user:pass@example.com/hook',
      'not a url',
    ]) {
      const result = await client.request(createWebhook, { input: { url, events: ['PERSON_CREATED'] } });
      expect(result.errors?.[0]?.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    }
    expect((await client.data('{ webhooks { id } }')).webhooks).toEqual([]);
  });

  it('answer the same for a host that does not resolve and one that resolves to an internal address', async () => {
    const answers = [];
    for (const url of ['http://no-such-host.invalid/hook', 'http://localhost/hook', 'http://127.0.0.1/hook', 'http://[fec0::1]/hook']) {
      const result = await client.request(createWebhook, { input: { url, events: ['PERSON_CREATED'] } });
      answers.push({ message: result.errors?.[0]?.message, extensions: result.errors?.[0]?.extensions });
    }
    expect(answers[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
    expect((await client.data('{ webhooks { id } }')).webhooks).toEqual([]);
  });

  it('refuse changing a webhook to a private address', async () => {
    // 1.1.1.1 is a public address literal: no DNS needed to accept it.
    const { createWebhook: created } = await client.data(createWebhook, { input: { url: 'https://1.1.1.1/hook', events: ['PERSON_CREATED'] } });
    const result = await client.request('mutation($id: ID!) { updateWebhook(id: $id, input: { url: "http://127.0.0.1/x" }) { url } }', { id: created.webhook.id });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect((await client.data('{ webhooks { url } }')).webhooks).toEqual([{ url: 'https://1.1.1.1/hook' }]);
  });
});
