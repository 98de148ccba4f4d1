import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, mailedLinkFromLog, password, signUpThroughForm, unique, uniqueAddress, verifyEmailByLink, waitForAccount } from './support/app.js';

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

  it('says in how many minutes a merge link may be asked for again, once the address had its links for the hour', async () => {
    const keep = uniqueAddress('link-limit-keeper');
    const other = uniqueAddress('link-limit-other');
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signUpThroughForm(page, baseUrl, { email: keep, accountName: unique('Link Limit Ltd') });
    await verifyEmailByLink(baseUrl, keep);
    await page.getByTestId('user').click();
    const request = page.getByTestId('merge-link-request');
    // Three links an hour per address (KONTOR_PASSWORD_RESETS_PER_EMAIL's rule); the fourth is refused.
    for (let i = 0; i < 3; i++) {
      await request.locator('input[name=email]').fill(other);
      await request.getByRole('button', { name: 'Send the link' }).click();
      await request.getByText(`If ${other} has a login, a link is on its way to it.`, { exact: false }).waitFor();
    }
    await request.locator('input[name=email]').fill(other);
    await request.getByRole('button', { name: 'Send the link' }).click();
    // The window is the clock hour: whatever is left of it, in whole minutes.
    await request.getByText(/You asked for several mails already\. Try again in \d+ minutes?\./).waitFor();
    expect(await request.getByText('Please wait a minute').count()).toBe(0);
    await context.close();
  });

  it("takes over the other login by a link mailed to it, opened signed in as the login that asked: its accounts show in the account bar", async () => {
    const keep = uniqueAddress('link-keeper');
    const other = uniqueAddress('link-other');
    const keepAccount = unique('Link Kept Ltd');
    const otherAccount = unique('Link Other Ltd');
    await api(baseUrl, 'mutation($input: SignUpInput!) { signUp(input: $input) { outcome } }', { input: { email: other, password, accountName: otherAccount, planCode: 'TEAM' } });

    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signUpThroughForm(page, baseUrl, { email: keep, accountName: keepAccount });
    await waitForAccount(page, keepAccount);
    const keptAccountUrl = page.url();
    await verifyEmailByLink(baseUrl, keep);
    await page.getByTestId('user').click();

    const request = page.getByTestId('merge-link-request');
    await request.locator('input[name=email]').fill(other);
    await request.getByRole('button', { name: 'Send the link' }).click();
    await request.getByText(`If ${other} has a login, a link is on its way to it.`, { exact: false }).waitFor();
    const link = await mailedLinkFromLog(other, 'merge-login');

    // Signed out, the link asks for the log-in first, and comes back to it.
    const signedOut = await browser.newContext({ locale: 'en-GB' });
    const signedOutPage = await signedOut.newPage();
    await signedOutPage.goto(`${baseUrl}${link}`);
    await signedOutPage.waitForURL(/\/login\?next=/);
    await signedOut.close();

    await page.goto(`${baseUrl}${link}`);
    const confirm = page.getByTestId('merge-login-link');
    await confirm.getByText(`The login ${other} will be merged into the login you are signed in with (${keep})`, { exact: false }).waitFor();
    await screenshot(page, 'merge-login-link');
    await confirm.getByRole('button', { name: 'Merge into this login' }).click();
    await confirm.getByText(`Done: the accounts of ${other} are now yours.`, { exact: false }).waitFor();

    // The link works once.
    await page.goto(`${baseUrl}${link}`);
    await page.getByTestId('merge-login-link').getByText('This merge link has been used already.').waitFor();

    // Back in the kept account, the account bar offers the other login's account too.
    await page.goto(keptAccountUrl);
    await waitForAccount(page, keepAccount);
    await page.getByTestId('account-switcher').getByText(otherAccount).waitFor();
    await context.close();
  });
});
