import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { createPerson, downloadedText, landedIn, peopleOnScreen, signUpThroughForm, unique, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
const account = unique('Export GmbH');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('exporting in the browser', () => {
  it('downloads the people list as it is filtered, with the columns ticked and German headers, and one person as a vCard', async () => {
    await signUpThroughForm(page, baseUrl, { email: `${unique('export').replace(' ', '-')}@example.com`, accountName: account });
    await landedIn(page, account);
    await waitForAccount(page, account);
    await createPerson(page, 'Ada', 'Lovelace');
    await createPerson(page, 'Grace', 'Hopper');

    await page.getByRole('searchbox', { name: 'Personen suchen' }).fill('Lovel');
    await expect.poll(() => peopleOnScreen(page)).toEqual(['Ada Lovelace']);
    await page.getByRole('button', { name: 'Exportieren' }).click();
    const form = page.getByTestId('export-form');
    await form.getByRole('checkbox', { name: 'Vorname' }).waitFor();
    // Only the names: every other column unticked.
    for (const box of await form.getByTestId('export-columns').getByRole('checkbox').all()) {
      const label = (await box.evaluate((element) => element.parentElement?.textContent ?? '')).trim();
      if (!['Vorname', 'Nachname'].includes(label)) await box.uncheck();
    }
    await screenshot(page, 'export-dialog');
    const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Herunterladen' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^personen-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await downloadedText(download)).toBe('\uFEFFVorname,Nachname\nAda,Lovelace\n');

    await page.locator('.person-name', { hasText: 'Ada Lovelace' }).click();
    const [card] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'vCard herunterladen' }).click()]);
    expect(card.suggestedFilename()).toBe('Ada Lovelace.vcf');
    const vcard = await downloadedText(card);
    expect(vcard).toContain('FN:Ada Lovelace');
    expect(vcard).toContain('N:Lovelace;Ada;;;');
  });

  it('answers a privacy request: all of a person\'s data as one file, then erasing them after typing their name', async () => {
    await page.locator('.account-bar__section', { hasText: 'Personen' }).click();
    await page.locator('.person-name', { hasText: 'Grace Hopper' }).click();
    const privacy = page.getByTestId('privacy');
    const [data] = await Promise.all([page.waitForEvent('download'), privacy.getByRole('button', { name: 'Alle Daten herunterladen' }).click()]);
    expect(data.suggestedFilename()).toBe('Grace Hopper - data.json');
    expect(JSON.parse(await downloadedText(data))).toMatchObject({ format: 'kontor-person-data/1', person: { first_name: 'Grace', last_name: 'Hopper' } });

    await privacy.getByRole('button', { name: 'Vollständig löschen …' }).click();
    const dialog = page.locator('dialog[open]');
    const confirm = dialog.getByRole('button', { name: 'Endgültig löschen' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Zur Bestätigung „Grace Hopper“ eingeben').fill('Grace Hopper');
    await confirm.click();
    await expect.poll(() => peopleOnScreen(page)).toEqual(['Ada Lovelace']);
  });
});
