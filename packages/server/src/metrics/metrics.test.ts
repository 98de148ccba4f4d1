import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { runBillingMonth } from '../billing/invoice-run.js';
import { backdateAccount, billingDeps, newOwner } from '../testing/billing-fixtures.js';
import { startReceiver, waitFor } from '../testing/webhook-receivers.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
let plain: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const token = 'scrape-secret-123';
beforeAll(async () => {
  receiver = await startReceiver();
  // The webhook worker runs, and gives a delivery up at its first failure.
  const webhooks = { ...loadConfig({ NODE_ENV: 'test' }).webhooks, worker: true, allowPrivateUrls: true, pollIntervalMs: 200, giveUpAfterSeconds: 0 };
  [app, plain] = await Promise.all([startTestApp({ config: { metricsToken: token, webhooks } }), startTestApp()]);
});
afterAll(async () => {
  await Promise.all([app?.stop(), plain?.stop(), receiver?.close()]);
});

const scrape = async (url = app.url) => {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
};
/** The value of one series, e.g. value(text, 'kontor_graphql_requests_total{operation="Me",outcome="ok"}'); 0 when absent. */
const value = (text: string, series: string) => Number(text.split('\n').find((line) => line.startsWith(`${series} `))?.split(' ')[1] ?? 0);

describe('/metrics', () => {
  it('counts GraphQL requests by operation and outcome, with their duration, the pool and the event loop', async () => {
    const before = await scrape();
    const client = new TestClient(app.url);
    await signUpNew(client);
    await client.request('query Me { me { user { id } } }', {}, 'Me');
    await client.request('query Me { me { user { id } } }', {}, 'Me');
    await new TestClient(app.url).request('query Me { me { user { id } } }', {}, 'Me');
    const after = await scrape();
    const ok = 'kontor_graphql_requests_total{operation="Me",outcome="ok"}';
    const refused = 'kontor_graphql_requests_total{operation="Me",outcome="UNAUTHENTICATED"}';
    expect(value(after, ok) - value(before, ok)).toBe(2);
    expect(value(after, refused) - value(before, refused)).toBe(1);
    expect(value(after, 'kontor_graphql_request_duration_seconds_count{operation="Me",outcome="ok"}')).toBe(value(after, ok));
    expect(after).toMatch(/^kontor_db_pool_connections\{state="in_use"\} \d+$/m);
    expect(after).toMatch(/^kontor_db_pool_connections\{state="waiting"\} \d+$/m);
    expect(after).toMatch(/^kontor_nodejs_eventloop_lag_seconds [\d.e-]+$/m);
  });

  it('labels requests only with the operation names of Kontor\'s own clients; any other name is "other"', async () => {
    const before = await scrape();
    const client = new TestClient(app.url);
    await signUpNew(client);
    for (const name of ['MadeUp1', 'MadeUp2', 'MadeUp3']) await client.request(`query ${name} { me { user { id } } }`, {}, name);
    await client.request('query Me { me { user { id } } }', {}, 'Me');
    const after = await scrape();
    const other = 'kontor_graphql_requests_total{operation="other",outcome="ok"}';
    expect(value(after, other) - value(before, other)).toBe(3);
    expect(after).not.toContain('MadeUp');
    expect(value(after, 'kontor_graphql_requests_total{operation="Me",outcome="ok"}')).toBeGreaterThan(0);
  });

  it('counts webhook deliveries queued and failed, and accounts with retries waiting', async () => {
    const client = new TestClient(app.url);
    const { auth } = await signUpNew(client);
    await client.data('mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }', {
      input: { url: receiver.url('/hook'), events: ['PERSON_CREATED'] },
    });
    receiver.answerWith(() => 500);
    const before = await scrape();
    await client.data('mutation { createPerson(input: { lastName: "Queued" }) { id } }');
    await client.data('mutation { createPerson(input: { lastName: "Also queued" }) { id } }');
    const queued = await scrape();
    expect(value(queued, 'kontor_webhook_deliveries_queued_total') - value(before, 'kontor_webhook_deliveries_queued_total')).toBe(2);
    const failed = 'kontor_webhook_attempts_total{outcome="failed"}';
    await waitFor('two failed deliveries', async () => value(await scrape(), failed) - value(before, failed) === 2);

    // An account whose next retry is an hour away, as webhook-work.ts marks it.
    const scheduled = 'kontor_webhook_accounts_waiting{state="scheduled"}';
    await withClient(app.database.url, (db) =>
      db.query(`insert into webhook_work (account_id, due_at) values ($1, now() + interval '1 hour') on conflict (account_id) do update set due_at = excluded.due_at`, [auth.account.id]),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const waiting = await scrape();
    expect(value(waiting, scheduled) - value(before, scheduled)).toBe(1);
    expect(waiting).toMatch(/^kontor_webhook_accounts_waiting\{state="due"\} \d+$/m);
  });

  it('reads account migrations pending, invoices by delivery and the last invoice run from the database at each scrape', async () => {
    const client = new TestClient(app.url);
    const { auth } = await signUpNew(client);
    const before = await scrape();
    expect(before).toMatch(/^kontor_invoices\{delivery="sent"\} \d+$/m);
    expect(before).toMatch(/^kontor_invoices\{delivery="awaiting"\} \d+$/m);
    expect(before).toMatch(/^kontor_invoices\{delivery="failed"\} \d+$/m);
    expect(before).toMatch(/^kontor_invoice_run_last_completed_timestamp_seconds [\d.e+]+$/m);
    // An account whose schema is one version behind (as after a deploy, before the background migration reached it).
    await withClient(app.database.url, (db) => db.query('update account set schema_version = schema_version - 1 where id = $1', [auth.account.id]));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const behind = await scrape();
    expect(value(behind, 'kontor_account_migrations_pending') - value(before, 'kontor_account_migrations_pending')).toBe(1);
    await withClient(app.database.url, (db) => db.query('update account set schema_version = schema_version + 1 where id = $1', [auth.account.id]));
  });

  it('counts the accounts an invoice run invoiced', async () => {
    // An account past its trial, created in August.
    const { account } = await newOwner(app);
    await backdateAccount(app, account.id, new Date('2026-08-01T00:00:00Z'));
    const before = await scrape();
    const run = await runBillingMonth(billingDeps(app), { year: 2026, month: 11 }, { now: new Date('2026-12-01T03:00:00Z') });
    const after = await scrape();
    const issued = 'kontor_invoice_run_accounts_total{result="issued"}';
    expect(run.issued.map((invoice) => invoice.accountId)).toContain(account.id);
    expect(value(after, issued) - value(before, issued)).toBe(run.issued.length);
    expect(value(after, 'kontor_invoice_run_accounts_total{result="failed"}')).toBe(0);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('does not exist without KONTOR_METRICS_TOKEN', async () => {
    const response = await fetch(`${plain.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(404);
  });
});
