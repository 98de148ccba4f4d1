import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, password, signUpThroughForm, landedIn, unique, verificationLinkFromLog, verifyEmailByLink, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
const email = `${unique('confirm').replace(' ', '-')}@example.com`;
const accountName = unique('Echo KG');
const inviterEmail = `${unique('bravo').replace(' ', '-')}@example.com`;
const inviting = unique('Bravo GmbH');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('e-mail verification in the browser', () => {
  it('asks a new user to confirm, re-sends the mail, and after the link hides the banner and shows the invitation waiting', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signUpThroughForm(page, baseUrl, { email, accountName });
    await landedIn(page, accountName);
    await waitForAccount(page, accountName);
    const banner = page.getByTestId('verify-email-banner');
    await expect(banner.textContent()).resolves.toContain(`Please confirm your e-mail address ${email}`);
    const first = await verificationLinkFromLog(email);
    await banner.getByRole('button', { name: 'Send the mail again' }).click();
    await banner.getByText(`Sent: check the inbox of ${email}.`).waitFor();
    await screenshot(page, 'verify-email-banner');

    // Another account invites this address: not shown while the address is unconfirmed.
    const { signUp } = await api(baseUrl, 'mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken } } }', {
      input: { email: inviterEmail, password, accountName: inviting, planCode: 'TEAM' },
    });
    await verifyEmailByLink(baseUrl, inviterEmail);
    await api(baseUrl, 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }', {
      input: { email, firstName: 'Eva', lastName: 'Echo', role: 'CO_OWNER' },
    }, signUp.auth.accessToken);
    await page.reload();
    await waitForAccount(page, accountName);
    await banner.waitFor();
    await expect(page.getByTestId('pending-invitations').count()).resolves.toBe(0);

    // The re-sent mail replaced the first one.
    const link = await verificationLinkFromLog(email);
    expect(link).not.toBe(first);
    await page.goto(`${baseUrl}${first}`);
    await expect(page.getByTestId('verify-email').locator('.form-error').textContent()).resolves.toBe(
      'This confirmation link is not valid. If you asked for a new mail, use the link in the newest one.',
    );
    await page.goto(`${baseUrl}${link}`);
    await page.getByTestId('verify-email').getByText(`Thank you: ${email} is confirmed.`).waitFor();
    await banner.waitFor({ state: 'detached' });
    await screenshot(page, 'verify-email-confirmed');
    await page.getByRole('link', { name: 'Continue' }).click();
    await waitForAccount(page, accountName);
    await page.getByTestId('pending-invitations').getByText(inviting).waitFor();
    await expect(banner.count()).resolves.toBe(0);
    await context.close();
  });

  it('tells a visitor without a log-in that a link was used already, in their language', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}${await verificationLinkFromLog(email)}`);
    await expect(page.getByTestId('verify-email').locator('.form-error').textContent()).resolves.toBe('Dieser Bestätigungslink wurde bereits verwendet.');
    await expect(page.getByTestId('verify-email-banner').count()).resolves.toBe(0);
    await context.close();
  });
});
