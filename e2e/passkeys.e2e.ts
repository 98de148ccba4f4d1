import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { landedIn, logInThroughForm, signUpThroughForm, unique, uniqueAddress, waitForAccount } from './support/app.js';

// A passkey belongs to a domain name, never to an IP address: this test talks to the server as localhost,
// which is also the server's public URL here (KONTOR_PUBLIC_URL unset), so it is the relying party.
const baseUrl = inject('baseUrl').replace('127.0.0.1', 'localhost');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('passkeys', () => {
  it('are added on the profile and log in alone, in Chromium with a virtual authenticator', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    const email = uniqueAddress('passkey-user');
    const accountName = unique('Keyless Co');
    await signUpThroughForm(page, baseUrl, { email, accountName });
    await waitForAccount(page, accountName);
    await page.getByTestId('user').click();
    const section = page.getByTestId('passkeys');
    await section.locator('input[name=name]').fill('Test laptop');
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await section.getByTestId('passkey').filter({ hasText: 'Test laptop' }).waitFor();
    await page.getByTestId('security-events').getByText('Passkey added').waitFor();
    await screenshot(page, 'passkeys');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    await landedIn(page, accountName);

    // Removed with the password, it no longer logs in.
    await page.getByTestId('user').click();
    await section.getByTestId('passkey').getByRole('button', { name: 'Remove' }).click();
    await section.locator('input[name=currentPassword]').fill('correct horse battery');
    await section.getByTestId('passkey').getByRole('button', { name: 'Remove' }).click();
    await section.getByTestId('passkey').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    await expect(page.locator('.form-error').first().textContent()).resolves.toMatch(/passkey/i);
    // The password still works.
    await logInThroughForm(page, baseUrl, email);
    await landedIn(page, accountName);
    await context.close();
  });
});
