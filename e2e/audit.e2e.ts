import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, password, unique, waitForAccount } from './support/app.js';

/* The owner's audit trail in the browser: what happened shows with its actor, filters narrow it, and it downloads as CSV. */
const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
const account = unique('Audit GmbH');
let slug: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
  page = await context.newPage();
  const signUp = await page.request.post(`${baseUrl}/graphql`, {
    data: {
      query: 'mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken account { slug } } } }',
      variables: { input: { email: `${unique('auditor').replace(' ', '-')}@example.com`, password, accountName: account, planCode: 'TEAM', firstName: 'Olga', lastName: 'Owner' } },
    },
  });
  const { auth } = (await signUp.json()).data.signUp;
  slug = auth.account.slug;
  const key = (await api(baseUrl, 'mutation { createApiKey(name: "CRM sync", role: CO_OWNER) { secret } }', {}, auth.accessToken)).createApiKey.secret;
  const person = (await api(baseUrl, 'mutation { createPerson(input: { lastName: "Temporary" }) { id } }', {}, key)).createPerson.id;
  await api(baseUrl, 'mutation($id: ID!) { deletePerson(id: $id) }', { id: person }, key);
  await api(baseUrl, 'mutation { changePlan(planCode: "BUSINESS") { plan { code } } }', {}, auth.accessToken);
});
afterAll(async () => {
  await browser?.close();
});

describe('the audit trail', () => {
  it('shows who did what, filters by action, and exports the filtered trail as CSV', async () => {
    await page.goto(`${baseUrl}/a/${slug}/people`);
    await waitForAccount(page, account);
    await page.locator('.account-bar__section', { hasText: 'Audit trail' }).click();
    const rows = page.getByTestId('audit-event');
    await rows.nth(2).waitFor();
    const texts = await rows.allTextContents();
    expect(texts.some((text) => text.includes('Package changed') && text.includes('Olga Owner') && text.includes('TEAM → BUSINESS'))).toBe(true);
    expect(texts.some((text) => text.includes('Records deleted') && text.includes('CRM sync') && text.includes('API key'))).toBe(true);
    await screenshot(page, 'audit-trail');

    await page.getByLabel('Action').selectOption('API_KEY_CREATED');
    await expect.poll(async () => (await rows.allTextContents()).length).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('CRM sync');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`${slug}-audit.csv`);
    const csv = await fs.readFile((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('API_KEY_CREATED');
  });
});
