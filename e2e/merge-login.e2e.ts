import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, password, signUpThroughForm, unique, uniqueAddress, verifyEmailByLink, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});


describe('merging another login', () => {
  it('takes over the other login\'s accounts from the profile after its password, and that login can no longer log in', async () => {
    const keep = uniqueAddress('keeper');
    const other = uniqueAddress('second-address');
    const keepAccount = unique('Kept Ltd');
    const otherAccount = unique('Other Ltd');
    await api(baseUrl, 'mutation($input: SignUpInput!) { signUp(input: $input) { outcome } }', { input: { email: other, password, accountName: otherAccount, planCode: 'TEAM' } });

    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signUpThroughForm(page, baseUrl, { email: keep, accountName: keepAccount });
    await waitForAccount(page, keepAccount);
    await verifyEmailByLink(baseUrl, keep);
    await page.getByTestId('user').click();

    const form = page.getByTestId('merge-login');
    await form.locator('input[name=email]').fill(other);
    await form.locator('input[name=password]').fill('not the password');
    await form.getByRole('button', { name: 'Merge into this login' }).click();
    await expect(form.locator('.field__error').textContent()).resolves.toBe('The e-mail address or the password is wrong.');
    await form.locator('input[name=password]').fill(password);
    await form.getByRole('button', { name: 'Merge into this login' }).click();
    await form.getByText(`Done: the accounts of ${other} are now yours.`, { exact: false }).waitFor();
    await page.getByTestId('security-events').getByText('Another login merged into this one').waitFor();
    await screenshot(page, 'merge-login');

    // The other login's account is one of this login's now.
    await page.goto(`${baseUrl}/accounts`);
    await page.getByText(otherAccount).first().waitFor();

    // Logging in with the other login's address and password now fails.
    const stranger = await browser.newContext({ locale: 'en-GB' });
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(`${baseUrl}/login`);
    await strangerPage.locator('input[name=email]').fill(other);
    await strangerPage.locator('input[name=password]').fill(password);
    await strangerPage.locator('form button[type=submit]').click();
    await expect(strangerPage.locator('.form-error').textContent()).resolves.toBe('The e-mail address or the password is wrong.');
    await stranger.close();
    await context.close();
  });
});
