import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, signUpInPageWithPerson } from './support/app.js';
import { createDatabase, startServer, type RunningServer } from './support/server.js';

/*
 * The screens for integrators, against a server of their own that may post
 * webhooks to this machine (KONTOR_WEBHOOKS_ALLOW_PRIVATE), with a receiver
 * whose answers the test chooses.
 */
let browser: Browser;
let server: RunningServer;
let database: Awaited<ReturnType<typeof createDatabase>>;
let receiver: http.Server;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let answer = 200;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  database = await createDatabase();
  server = await startServer({ ...(database ? { DATABASE_URL: database.url } : {}), KONTOR_WEBHOOKS_ALLOW_PRIVATE: 'true' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
  if (server) await fs.rm(server.dataDir, { recursive: true, force: true });
  receiver?.close();
});

async function signedInPage(name: string): Promise<{ page: Page; slug: string }> {
  const context = await browser.newContext({ locale: 'en-GB' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const slug = await signUpInPageWithPerson(page, server.url, { email: `${name}-${Date.now()}@example.com`, accountName: `${name} Ltd`, person: { firstName: 'Ada', lastName: 'Integrator' } });
  await page.goto(`${server.url}/a/${slug}/integrations`);
  return { page, slug };
}

describe('integrations', () => {
  it('creates an API key whose secret is shown once and copied, lists it, and revokes it', async () => {
    const { page } = await signedInPage('keys');
    const section = page.getByTestId('api-keys');
    await section.getByTestId('empty').waitFor();
    await section.getByLabel('Name').fill('Newsletter sync');
    await section.getByLabel('Role').selectOption('EXTENDED');
    await section.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('secret-value').textContent())!;
    expect(secret).toMatch(/^kontor_live_/);
    await page.getByTestId('secret-once').getByRole('button', { name: 'Copy' }).click();
    await page.getByTestId('secret-once').getByRole('button', { name: 'Copied' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(secret);
    await screenshot(page, 'integrations-api-key');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await expect(page.getByTestId('secret-once').count()).resolves.toBe(0);

    // The key works, and the list shows its prefix, role, creator and use.
    await expect(api(server.url, '{ people { totalCount } }', {}, secret)).resolves.toEqual({ people: { totalCount: 1 } });
    await page.reload();
    const row = page.getByTestId('api-key-Newsletter sync');
    await row.waitFor();
    const text = (await row.textContent())!;
    expect(text).toContain(secret.split('_').slice(0, 3).join('_'));
    expect(text).toContain('Extended');
    expect(text).toContain('keys-');
    expect(text).not.toContain('never');
    expect(text).toContain('Active');

    // Revoking asks first: Cancel keeps the key.
    const confirm = page.locator('dialog[open]');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(confirm.locator('h2').textContent()).resolves.toBe('Revoke the key “Newsletter sync”?');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect(api(server.url, '{ people { totalCount } }', {}, secret)).resolves.toBeDefined();
    await expect(row.textContent()).resolves.toContain('Active');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row.getByText('Revoked').waitFor();
    await expect(api(server.url, '{ people { totalCount } }', {}, secret)).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('creates and edits a webhook, shows its secret once, sends a test event, logs deliveries and sends a failed one again', async () => {
    const { page } = await signedInPage('hooks');
    const section = page.getByTestId('webhooks');
    await section.getByRole('button', { name: 'New webhook' }).click();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kontor`;
    // No event chosen: the server's refusal is shown next to the events.
    await section.getByLabel('URL').fill(url);
    await section.getByRole('button', { name: 'Create webhook' }).click();
    await section.locator('fieldset .field__error').waitFor();
    await section.getByLabel('Person created').check();
    await section.getByRole('button', { name: 'Create webhook' }).click();
    const firstSecret = (await page.getByTestId('secret-value').textContent())!;
    expect(firstSecret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have stored it' }).click();

    const webhook = section.getByTestId('webhook');
    await webhook.getByTestId('webhook-url').getByText(url).waitFor();
    await webhook.getByRole('button', { name: 'Edit' }).click();
    await webhook.getByLabel('Deal changed').check();
    await webhook.getByRole('button', { name: 'Save' }).click();
    await webhook.getByText('Person created, Deal changed').waitFor();

    // A new signing secret, shown once.
    await webhook.getByRole('button', { name: 'New signing secret' }).click();
    const rotated = (await page.getByTestId('secret-value').textContent())!;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(firstSecret);
    await page.getByRole('button', { name: 'I have stored it' }).click();

    // A test event arrives, and the log shows it delivered with its answer and duration.
    await webhook.getByRole('button', { name: 'Send test event' }).click();
    const delivered = webhook.locator('[data-testid=delivery][data-status=DELIVERED]');
    await delivered.waitFor({ timeout: 20_000 });
    expect(received.some((r) => r.headers['kontor-event'] === 'webhook.test')).toBe(true);
    await expect(delivered.textContent()).resolves.toMatch(/Test event.*Delivered200\d+ ms1/);
    await screenshot(page, 'integrations-webhook-log');

    // A delivery that failed for good is sent again from the log.
    answer = 500;
    await webhook.getByRole('button', { name: 'Send test event' }).click();
    await webhook.locator('[data-testid=delivery][data-status=PENDING]').filter({ hasText: '500' }).waitFor({ timeout: 20_000 });
    const db = new pg.Client({ connectionString: database?.url ?? process.env.DATABASE_URL });
    await db.connect();
    try {
      // A day of retries has passed.
      const { rows } = await db.query(`select schema_name from account where name = 'hooks Ltd'`);
      await db.query(`update ${db.escapeIdentifier(rows[0].schema_name)}.webhook_delivery set status = 'FAILED', next_attempt_at = now() + interval '1 hour' where status = 'PENDING'`);
    } finally {
      await db.end();
    }
    const failed = webhook.locator('[data-testid=delivery][data-status=FAILED]');
    await failed.waitFor({ timeout: 10_000 });
    answer = 200;
    await failed.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => webhook.locator('[data-testid=delivery][data-status=DELIVERED]').count(), { timeout: 20_000 }).toBe(2);

    // Deleting asks first, naming the URL; Cancel keeps the webhook.
    const confirm = page.locator('dialog[open]');
    await webhook.getByRole('button', { name: 'Delete' }).click();
    await expect(confirm.textContent()).resolves.toContain(url);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect(webhook.count()).resolves.toBe(1);
    await webhook.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await section.getByText('No webhooks yet.').waitFor();
  });

  it('speaks German and Spanish, the playground too', async () => {
    const { page, slug } = await signedInPage('sprachen');
    await page.getByTestId('language').selectOption('de');
    await page.getByRole('heading', { name: 'API-Schlüssel' }).waitFor();
    await page.getByRole('button', { name: 'Neuer Webhook' }).waitFor();
    await page.getByTestId('language').selectOption('es');
    await page.getByRole('heading', { name: 'Claves de API' }).waitFor();
    await page.goto(`${server.url}/a/${slug}/playground`);
    await page.locator('.graphiql-query-editor').filter({ hasText: 'Se ejecuta en la cuenta de esta pestaña' }).waitFor({ timeout: 30_000 });
  });
});
