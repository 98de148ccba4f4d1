import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { signUpThroughForm, landedIn, unique, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the profile', () => {
  it('shows the name from sign-up in the top bar, edits it and the language, and keeps both', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const email = `${unique('ada').replace(' ', '-')}@example.com`;
    const accountName = unique('Analytical Engines');
    await signUpThroughForm(page, baseUrl, { email, accountName, firstName: 'Ada', lastName: 'Lovelace' });
    await landedIn(page, accountName);
    await waitForAccount(page, accountName);
    await expect(page.getByTestId('user').textContent()).resolves.toBe('Ada Lovelace');

    await page.getByTestId('user').click();
    await page.waitForURL(`${baseUrl}/profile`);
    const form = page.getByTestId('name-form');
    await form.locator('input[name=lastName]').fill('');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.locator('.field__error').textContent()).resolves.toBe('Please enter your last name (at most 100 characters, on one line).');
    await form.locator('input[name=firstName]').fill('Augusta Ada');
    await form.locator('input[name=lastName]').fill('King');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    await expect(page.getByTestId('user').textContent()).resolves.toBe('Augusta Ada King');
    await screenshot(page, 'profile');

    await page.getByTestId('profile').locator('select[name=locale]').selectOption('de');
    await page.getByRole('heading', { name: 'Ihr Profil' }).waitFor();
    // Stored for the user, not only in this tab: a new browser that logs in speaks German.
    await page.reload();
    await page.getByRole('heading', { name: 'Ihr Profil' }).waitFor();
    await expect(page.getByTestId('name-form').locator('input[name=firstName]').inputValue()).resolves.toBe('Augusta Ada');
    await context.close();
  });
});
