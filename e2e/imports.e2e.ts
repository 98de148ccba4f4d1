import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { downloadedText, peopleOnScreen, signUpThroughForm, landedIn, unique, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
const account = unique('Import GmbH');
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

// The screens in English, the file as German Excel saves "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons, German headers.
const csv = Buffer.from(
  [
    'Vorname;Nachname;E-Mail-Adresse;Firma;Ort',
    'Jürgen;Müller;juergen@example.com;Bäckerei Süß;München',
    'Anna;;anna@example.com;;',
    'Zoë;Weiß;zoe@example.com;Bäckerei Süß;Köln',
  ].join('\r\n'),
  'latin1',
);

describe('importing people from a CSV file in the browser', () => {
  it('uploads, suggests the columns, previews the rows with their problems, runs with a progress bar and offers the failed rows', async () => {
    await signUpThroughForm(page, baseUrl, { email: `${unique('import').replace(' ', '-')}@example.com`, accountName: account });
    await landedIn(page, account);
    await waitForAccount(page, account);

    await page.locator('.account-bar__section', { hasText: 'Import' }).click();
    await page.getByTestId('imports').locator('input[type=file]').setInputFiles({ name: 'kontakte.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'Upload' }).click();

    const mapping = page.getByTestId('import-mapping');
    await mapping.waitFor();
    await expect(mapping.getByLabel('Field for column Vorname').inputValue()).resolves.toBe('FIRST_NAME');
    await expect(mapping.getByLabel('Field for column E-Mail-Adresse').inputValue()).resolves.toBe('EMAIL');
    await expect(mapping.getByLabel('Field for column Firma').inputValue()).resolves.toBe('COMPANY');
    const preview = page.getByTestId('import-preview');
    await preview.getByText('The last name is missing.').waitFor();
    await expect(preview.locator('tr', { hasText: 'Jürgen Müller' }).textContent()).resolves.toContain('The company "Bäckerei Süß" is new and will be created.');
    await screenshot(page, 'import-mapping');

    await page.getByRole('button', { name: 'Import 3 rows' }).click();
    const progress = page.getByTestId('import-progress');
    await progress.locator('progress').waitFor();
    await page.getByTestId('import-status').getByText('Done').waitFor({ timeout: 30_000 });
    await expect(progress.textContent()).resolves.toContain('3 of 3 rows');
    await expect(page.getByTestId('import-result').textContent()).resolves.toContain('2 created');
    await screenshot(page, 'import-done');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the failed rows (CSV)' }).click()]);
    const text = await downloadedText(download);
    expect(text).toContain('3,The last name is missing.,Anna,,anna@example.com,,');

    await page.locator('.account-bar__section', { hasText: 'People' }).click();
    await expect.poll(() => peopleOnScreen(page)).toEqual(expect.arrayContaining([expect.stringContaining('Müller'), expect.stringContaining('Weiß')]));
  });
});
