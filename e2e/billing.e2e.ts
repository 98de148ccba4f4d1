import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { signUpThroughForm, landedIn, unique, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
const email = `${unique('billing').replace(' ', '-')}@example.com`;
const accountName = unique('Delta KG');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const errorOf = (page: Page, name: string) => page.locator('.field', { has: page.locator(`input[name=${name}]`) }).locator('.field__error');

describe('billing details in the browser', () => {
  it('checks the IBAN while typing, shows the server refusal next to its field, saves, and shows only the last four digits after a reload', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    let saveRequests = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql') && request.postData()?.includes('UpdateBillingDetails')) saveRequests += 1;
    });
    await signUpThroughForm(page, baseUrl, { email, accountName });
    await landedIn(page, accountName);
    await waitForAccount(page, accountName);
    await page.locator('.account-bar__section', { hasText: 'Billing' }).click();
    const form = page.getByTestId('billing-details');
    await expect(form.getByTestId('iban-on-file').textContent()).resolves.toBe('No IBAN on file yet.');

    await form.locator('input[name=companyName]').fill(accountName);
    await form.locator('input[name=addressLine1]').fill('Hauptstraße 1');
    await form.locator('input[name=postalCode]').fill('10115');
    await form.locator('input[name=city]').fill('Berlin');
    await form.locator('input[name=country]').fill('DE');
    // Passes the browser's basic check, but a German VAT ID has nine digits: only the server knows.
    await form.locator('input[name=vatId]').fill('DE12345678');
    await form.locator('input[name=invoiceEmail]').fill('finance@example.com');
    await form.locator('input[name=accountHolder]').fill('Delta KG');
    await form.locator('input[name=iban]').fill('DE89 3704 0044 0532 0130 01');
    await form.locator('input[name=iban]').press('Tab');
    await expect(errorOf(page, 'iban').textContent()).resolves.toBe('This IBAN has a typo: its check digits do not match.');
    await form.getByRole('button', { name: 'Save billing details' }).click();
    await expect(errorOf(page, 'iban').textContent()).resolves.toBe('This IBAN has a typo: its check digits do not match.');
    expect(saveRequests).toBe(0);
    await screenshot(page, 'billing-details-bad-iban');

    await form.locator('input[name=iban]').fill('DE89 3704 0044 0532 0130 00');
    await expect(errorOf(page, 'iban').count()).resolves.toBe(0);
    await form.getByRole('button', { name: 'Save billing details' }).click();
    await expect(errorOf(page, 'vatId').textContent()).resolves.toBe('This is not a valid EU VAT ID for its country.');
    expect(saveRequests).toBe(1);

    await form.locator('input[name=vatId]').fill('DE123456789');
    await form.getByRole('button', { name: 'Save billing details' }).click();
    await form.getByTestId('billing-details-saved').waitFor();
    await expect(form.locator('input[name=iban]').inputValue()).resolves.toBe('');
    await expect(form.getByTestId('iban-on-file').textContent()).resolves.toBe('On file: •••• 3000. Enter a new IBAN only to replace it.');
    await expect(page.getByTestId('current-plan').textContent()).resolves.toContain('Team');

    await page.reload();
    await waitForAccount(page, accountName);
    await expect(form.getByTestId('iban-on-file').textContent()).resolves.toBe('On file: •••• 3000. Enter a new IBAN only to replace it.');
    await expect(form.locator('input[name=iban]').inputValue()).resolves.toBe('');
    await expect(form.locator('input[name=vatId]').inputValue()).resolves.toBe('DE123456789');
    await expect(form.locator('input[name=accountHolder]').inputValue()).resolves.toBe('Delta KG');
    expect(await page.content()).not.toContain('0532013000');
    await screenshot(page, 'billing-details');
    await context.close();
  });
});
