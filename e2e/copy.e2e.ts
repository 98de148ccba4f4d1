import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, peopleOnScreen, signUpInPage, unique, verifyEmailByLink, waitForAccount } from './support/app.js';

/*
 * Copying between one's own accounts: one login with two accounts ticks two people in the first, copies them into the
 * second ("Copy to account…"), reads the result, switches to the second account and sees them there.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
const email = `${unique('copier').replace(' ', '-')}@example.com`;
const from = unique('Source GmbH');
const into = unique('Target AG');
let fromSlug: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB' });
  page = await context.newPage();
  const { accessToken, slug } = await signUpInPage(page, baseUrl, { email, accountName: from });
  fromSlug = slug;
  await verifyEmailByLink(baseUrl, email);
  for (const [firstName, lastName] of [['Ada', 'Copyme'], ['Bert', 'Copyme'], ['Carla', 'Staysome']]) {
    await api(baseUrl, 'mutation($f: String!, $l: String!) { createPerson(input: { firstName: $f, lastName: $l }) { id } }', { f: firstName, l: lastName }, accessToken);
  }
  await api(baseUrl, 'mutation($n: String!) { createAccount(input: { name: $n, planCode: "TEAM" }) { account { id } } }', { n: into }, accessToken);
});
afterAll(async () => {
  await browser?.close();
});

describe('copying people into another of your accounts', () => {
  it('ticks two people, copies them into the other account, and finds them there after switching', async () => {
    await page.goto(`${baseUrl}/a/${fromSlug}/people`);
    await waitForAccount(page, from);
    expect(await peopleOnScreen(page)).toHaveLength(3);
    await page.getByRole('checkbox', { name: 'Select Ada Copyme' }).check();
    await page.getByRole('checkbox', { name: 'Select Bert Copyme' }).check();
    await page.getByTestId('copy-button').click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Account to copy into').selectOption({ label: into });
    await screenshot(page, 'copy-options');
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
    const result = dialog.getByTestId('copy-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('2 people copied');
    expect(await dialog.getByTestId('copy-open-target').getAttribute('target')).toBe('_blank');
    await screenshot(page, 'copy-result');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByTestId('account-switcher').getByText(into).click();
    await waitForAccount(page, into);
    await expect.poll(() => peopleOnScreen(page)).toEqual(['Ada Copyme', 'Bert Copyme']);
    await page.locator('.person-name', { hasText: 'Ada Copyme' }).click();
    await page.getByTestId('timeline').getByText(`Copied from ${from}`).waitFor();
    await screenshot(page, 'copy-timeline');
  });
});
