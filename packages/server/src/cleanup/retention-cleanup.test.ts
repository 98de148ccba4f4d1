import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../app.js';
import { loadConfig, type Config } from '../config/config.js';
import { createLogger, silentLogger } from '../logging/logger.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { runRetentionCleanup } from './retention-cleanup.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);

/** A signed-up account with a webhook, and its schema's name. */
async function accountWithWebhook() {
  const { auth } = await signUpNew(new TestClient(app.url));
  const [row] = await sql<{ schema_name: string }>('select schema_name from account where id = $1', [auth.account.id]);
  const schema = row!.schema_name;
  const webhookId = crypto.randomUUID();
  await sql(`insert into ${schema}.webhook (id, url, events, secret) values ($1, 'https://example.com/hook', '{person.created}', 'secret')`, [webhookId]);
  return { userId: auth.user.id as string, accountId: auth.account.id as string, schema, webhookId };
}

/**
 * Deliveries named after what should become of them: `go-…` past retention,
 * `stay-…` not; the account marked as the webhook worker marks it when the
 * first of them finished (webhooks/webhook-work.ts).
 */
async function addDeliveries({ accountId, schema, webhookId }: { accountId: string; schema: string; webhookId: string }) {
  await sql(`insert into webhook_work (account_id, oldest_finished_at) values ($1, now() - interval '90 days')`, [accountId]);
  const rows: [string, string, string][] = [
    ['go-delivered-1', 'DELIVERED', '31 days'],
    ['go-delivered-2', 'DELIVERED', '45 days'],
    ['go-failed-1', 'FAILED', '31 days'],
    ['go-failed-2', 'FAILED', '90 days'],
    ['go-failed-3', 'FAILED', '31 days'],
    ['stay-delivered', 'DELIVERED', '29 days'],
    ['stay-pending', 'PENDING', '40 days'],
  ];
  for (const [event, status, age] of rows) {
    await sql(
      `insert into ${schema}.webhook_delivery (id, webhook_id, event, payload, status, created_at, last_attempt_at)
       values (gen_random_uuid(), $1, $2, '{}', $3, now() - $4::interval, now() - $4::interval)`,
      [webhookId, event, status, age],
    );
  }
}

const deliveryEvents = async (schema: string) => (await sql<{ event: string }>(`select event from ${schema}.webhook_delivery order by event`)).map((row) => row.event);

describe('the retention clean-up', () => {
  it('deletes what is past retention, in batches, in every account schema, and keeps the rest and all activity', async () => {
    const accounts = [await accountWithWebhook(), await accountWithWebhook(), await accountWithWebhook()];
    for (const account of accounts) await addDeliveries(account);
    // Accounts with nothing past retention are not looked at: one whose deliveries all finished yesterday, one without any.
    const recent = await accountWithWebhook();
    await sql(
      `insert into ${recent.schema}.webhook_delivery (id, webhook_id, event, payload, status, created_at, last_attempt_at)
       values (gen_random_uuid(), $1, 'stay-recent', '{}', 'DELIVERED', now() - interval '1 day', now() - interval '1 day')`,
      [recent.webhookId],
    );
    await sql(`insert into webhook_work (account_id, oldest_finished_at) values ($1, now() - interval '1 day')`, [recent.accountId]);
    await accountWithWebhook();
    const userId = accounts[0]!.userId;
    const session = (label: string, expires: string, revoked: string | null) =>
      sql(
        `insert into session (id, user_id, refresh_token_hash, expires_at, revoked_at, user_agent)
         values (gen_random_uuid(), $1, '\\x00', now() + $2::interval, now() + $3::interval, $4)`,
        [userId, expires, revoked, label],
      );
    await session('go-revoked', '10 days', '-31 days');
    await session('go-expired', '-31 days', null);
    await session('stay-revoked', '10 days', '-29 days');
    await session('stay-expired', '-2 days', null);
    await session('stay-live', '20 days', null);
    await sql(`insert into rate_limit (key, window_start, hits) values ('go:old', now() - interval '2 days', 3), ('stay:current', now(), 1)`);
    await sql(
      `insert into webauthn_challenge (id, user_id, purpose, challenge, expires_at) values
         (gen_random_uuid(), $1, 'second-factor', 'go', now() - interval '1 minute'), (gen_random_uuid(), null, 'log-in', 'stay', now() + interval '4 minutes')`,
      [userId],
    );
    await sql(
      `insert into mail_outbox (id, to_address, subject, body_text, created_at) values
         (gen_random_uuid(), 'a@example.com', 'go', '', now() - interval '31 days'), (gen_random_uuid(), 'a@example.com', 'stay', '', now() - interval '29 days')`,
    );
    const { schema } = accounts[0]!;
    await sql(
      `insert into ${schema}.activity (id, subject_type, subject_id, kind, actor_user_id, details, occurred_at)
       values (gen_random_uuid(), 'PERSON', gen_random_uuid(), 'CREATED', $1, '{}', now() - interval '400 days')`,
      [userId],
    );
    // The audit trail keeps 400 days; only an account older than that can have older entries, and only such an account is looked at for them.
    await sql(`update account set created_at = now() - interval '901 days' where schema_name = $1`, [schema]);
    await sql(
      `insert into ${schema}.audit_event (id, action, occurred_at, target_label)
       select gen_random_uuid(), 'ACCOUNT_OPENED', now() - (age || ' days')::interval, label
       from (values ('401', 'go'), ('450', 'go'), ('900', 'go'), ('399', 'stay')) v(age, label)`,
    );
    const sessionsBefore = Number((await sql<{ count: string }>('select count(*) from session'))[0]!.count);

    const result = await runRetentionCleanup(app.orm, { retentionDays: 30, batchSize: 2 }, silentLogger);

    expect(result).toEqual({ sessions: 2, rateLimits: 1, passkeyChallenges: 1, outboxMails: 1, webhookDeliveries: 15, auditEvents: 3, files: 0, accountsSkipped: 0, accountsVisited: 3 });
    expect((await sql<{ target_label: string }>(`select target_label from ${schema}.audit_event where action = 'ACCOUNT_OPENED' and target_label is not null`)).map((row) => row.target_label)).toEqual(['stay']);
    expect(await deliveryEvents(recent.schema)).toEqual(['stay-recent']);
    const labels = (await sql<{ user_agent: string | null }>('select user_agent from session')).map((row) => row.user_agent);
    expect(labels.filter((label) => label?.startsWith('go-'))).toEqual([]);
    expect(labels.filter((label) => label?.startsWith('stay-')).sort()).toEqual(['stay-expired', 'stay-live', 'stay-revoked']);
    expect(labels).toHaveLength(sessionsBefore - 2);
    expect((await sql('select key from rate_limit where key in ($1, $2)', ['go:old', 'stay:current'])).map((row) => row.key)).toEqual(['stay:current']);
    expect((await sql('select challenge from webauthn_challenge')).map((row) => row.challenge)).toEqual(['stay']);
    expect((await sql('select subject from mail_outbox where subject in ($1, $2)', ['go', 'stay'])).map((row) => row.subject)).toEqual(['stay']);
    for (const account of accounts) expect(await deliveryEvents(account.schema)).toEqual(['stay-delivered', 'stay-pending']);
    expect(Number((await sql<{ count: string }>(`select count(*) from ${schema}.activity where occurred_at < now() - interval '1 year'`))[0]!.count)).toBe(1);

    // Nothing left to do: a second run deletes nothing, and looks into no account for deliveries (their oldest kept one is 29 days old), only into the one old enough to hold audit entries past retention.
    expect(await runRetentionCleanup(app.orm, { retentionDays: 30, batchSize: 2 }, silentLogger)).toEqual({
      sessions: 0,
      rateLimits: 0,
      passkeyChallenges: 0,
      outboxMails: 0,
      webhookDeliveries: 0,
      auditEvents: 0,
      files: 0,
      accountsSkipped: 0,
      accountsVisited: 1,
    });
  });
});

describe('the clean-up job', () => {
  it('runs on its schedule in exactly one of two app instances', async () => {
    // Both instances start well inside one minute, so that minute's run is the only one due.
    const second = new Date().getUTCSeconds();
    if (second > 30) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));

    const lines: string[] = [];
    const logger = (instance: string) => createLogger('info', { instance }, (line) => lines.push(line));
    const defaults = loadConfig({ NODE_ENV: 'test' });
    const config: Config = {
      ...defaults,
      port: 0,
      host: '127.0.0.1',
      databaseUrl: app.database.url,
      dataDir: app.dataDir,
      webDistDir: app.dataDir,
      webhooks: { ...defaults.webhooks, worker: false },
      cleanup: { jobWorker: true, schedule: '* * * * *', retentionDays: 30, scheduleCheckSeconds: 1 },
    };
    await sql(`insert into rate_limit (key, window_start, hits) values ('go:job', now() - interval '2 days', 1)`);
    const instances: App[] = [];
    try {
      instances.push(await startApp(config, logger('one')), await startApp(config, logger('two')));
      const runs = () => lines.filter((line) => line.includes('"msg":"clean-up finished"'));
      for (let waited = 0; runs().length === 0 && waited < 30_000; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
      // Both instances keep checking the schedule every second meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(runs()).toHaveLength(1);
      expect(await sql(`select key from rate_limit where key = 'go:job'`)).toEqual([]);
    } finally {
      for (const instance of instances) await instance.close();
    }
  }, 120_000);
});
