import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { createPerson, landedIn, peopleOnScreen, signUpThroughForm, unique, verifyEmailByLink, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
const source = unique('Paket Quelle');
const target = unique('Paket Ziel');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('the whole account as one package in the browser', () => {
  it('exports everything with a progress bar and a download, then brings the package into a new account', async () => {
    const email = `${unique('package').replace(' ', '-')}@example.com`;
    await signUpThroughForm(page, baseUrl, { email, accountName: source });
    await landedIn(page, source);
    await waitForAccount(page, source);
    await createPerson(page, 'Ada', 'Lovelace');
    await createPerson(page, 'Grace', 'Hopper');
    // A second account needs a confirmed address.
    await verifyEmailByLink(baseUrl, email);

    await page.locator('.account-bar__section', { hasText: 'Team' }).click();
    const section = page.getByTestId('account-package');
    await section.getByRole('button', { name: 'Export everything' }).click();
    const download = section.getByRole('button', { name: 'Download package' });
    await download.waitFor({ timeout: 30_000 });
    await screenshot(page, 'account-package-ready');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^kontor-.+-\d{4}-\d{2}-\d{2}\.zip$/);
    const chunks: Buffer[] = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
    const zip = Buffer.concat(chunks);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');

    // The delete dialog offers the same before anything is deleted.
    await page.getByRole('button', { name: 'Delete this account' }).click();
    await page.getByTestId('delete-account-package').getByRole('button', { name: 'Make a new package' }).waitFor();
    await page.locator('dialog[open]').getByRole('button', { name: 'Cancel' }).click();

    // A new, empty account of the same login takes the package.
    await page.goto(`${baseUrl}/pricing`);
    await page.getByTestId('plan-TEAM').getByRole('link').click();
    await page.waitForURL(/\/welcome-back$/);
    await page.locator('input[name=name]').fill(target);
    await page.getByRole('button', { name: 'Create account' }).click();
    await landedIn(page, target);
    await waitForAccount(page, target);
    await page.locator('.account-bar__section', { hasText: 'Team' }).click();
    const importing = page.getByTestId('import-package');
    // A ZIP that is no package (an empty one: just the end of its directory) is taken, and its job refuses it: the screen says why, the account stays empty.
    const emptyZip = Buffer.from(`504b0506${'00'.repeat(18)}`, 'hex');
    await importing.locator('input[type=file]').setInputFiles({ name: 'empty.zip', mimeType: 'application/zip', buffer: emptyZip });
    await importing.getByRole('button', { name: 'Import package' }).click();
    await importing.getByText('This file is not a Kontor account package.').waitFor({ timeout: 30_000 });
    await importing.locator('input[type=file]').setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/zip', buffer: zip });
    await importing.getByRole('button', { name: 'Import package' }).click();
    await expect(page.getByTestId('import-package-report').textContent({ timeout: 30_000 })).resolves.toContain('Imported: 2 people');
    await screenshot(page, 'account-package-imported');

    await page.locator('.account-bar__section', { hasText: 'People' }).click();
    await expect.poll(() => peopleOnScreen(page)).toEqual(expect.arrayContaining(['Ada Lovelace', 'Grace Hopper']));
  });
});
