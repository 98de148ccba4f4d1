import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { mailedLinkFromLog, password, signUpThroughForm, landedIn, unique, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const address = (prefix: string) => `${unique(prefix).replace(' ', '-')}@example.com`;

describe('password and address', () => {
  it('resets a forgotten password through the mailed link, once, and logs in with the new one', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const email = address('forgetful');
    const accountName = unique('Forgetful Ltd');
    await signUpThroughForm(page, baseUrl, { email, accountName });
    await waitForAccount(page, accountName);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${baseUrl}/login`);

    // The address typed on the log-in page goes along to the forgot page.
    await page.locator('input[name=email]').fill(email);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // Scoped to the forgot page: the log-in page, with an e-mail field of its own, stays on screen while the page's code loads.
    const forgot = page.getByTestId('forgot-password');
    await expect.poll(() => forgot.locator('input[name=email]').inputValue()).toBe(email);
    await forgot.getByRole('button', { name: 'Send the link' }).click();
    await page.getByTestId('forgot-password').getByText(`If ${email} has a login, a link is on its way.`, { exact: false }).waitFor();

    const link = await mailedLinkFromLog(email, 'reset-password');
    await page.goto(`${baseUrl}${link}`);
    await page.locator('input[name=password]').fill('a new long passphrase');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByTestId('reset-password').getByText('Your new password is saved', { exact: false }).waitFor();
    await screenshot(page, 'password-reset');

    // The link works once.
    await page.goto(`${baseUrl}${link}`);
    await page.locator('input[name=password]').fill('and yet another one');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect(page.getByTestId('reset-password').locator('.form-error').textContent()).resolves.toBe('This password reset link has been used already.');

    await page.goto(`${baseUrl}/login`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill('a new long passphrase');
    await page.locator('form button[type=submit]').click();
    await landedIn(page, accountName);
    await context.close();
  });

  it('changes the address on the profile after the link to the new one, and the password with the current one', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const email = address('mover');
    const next = address('moved');
    const accountName = unique('Movers');
    await signUpThroughForm(page, baseUrl, { email, accountName });
    await waitForAccount(page, accountName);
    await page.getByTestId('user').click();

    const emailForm = page.getByTestId('email-form');
    await emailForm.locator('input[name=email]').fill(next);
    await emailForm.locator('input[name=currentPassword]').fill('not the password');
    await emailForm.getByRole('button', { name: 'Change address' }).click();
    await expect(emailForm.locator('.field__error').textContent()).resolves.toBe('The current password is wrong.');
    await emailForm.locator('input[name=currentPassword]').fill(password);
    await emailForm.getByRole('button', { name: 'Change address' }).click();
    await emailForm.getByText(`Almost done: open the link we sent to ${next}.`, { exact: false }).waitFor();

    await page.goto(`${baseUrl}${await mailedLinkFromLog(next, 'confirm-email')}`);
    await page.getByTestId('verify-email').getByText(`Thank you: ${next} is confirmed.`).waitFor();
    await page.goto(`${baseUrl}/profile`);
    await page.getByTestId('email-form').getByText(`Your login uses ${next}.`).waitFor();

    const passwordForm = page.getByTestId('password-form');
    await passwordForm.locator('input[name=currentPassword]').fill(password);
    await passwordForm.locator('input[name=password]').fill('a different passphrase');
    await passwordForm.getByRole('button', { name: 'Change password' }).click();
    await passwordForm.getByText('Your password is changed.', { exact: false }).waitFor();
    await screenshot(page, 'profile-password-changed');
    await context.close();
  });
});
