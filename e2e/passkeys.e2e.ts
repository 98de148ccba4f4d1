import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, landedIn, logInThroughForm, password, signUpThroughForm, unique, uniqueAddress, waitForAccount } from './support/app.js';
import { codeOf, teamWithMemberWithoutSecondFactor } from './support/two-factor.js';

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

/** A page whose browser has a virtual authenticator (a platform one, as a laptop's); `presence` turns its automatic touch on and off. */
async function pageWithAuthenticator(context: BrowserContext) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  const presence = (enabled: boolean) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
  return { page, presence };
}

/** Signs up and adds a passkey named `name` on the profile. */
async function signUpWithPasskey(page: Page, name: string) {
  const email = uniqueAddress('passkey-user');
  const accountName = unique('Keyless Co');
  await signUpThroughForm(page, baseUrl, { email, accountName });
  await waitForAccount(page, accountName);
  await page.getByTestId('user').click();
  const section = page.getByTestId('passkeys');
  await section.locator('input[name=name]').fill(name);
  await section.getByRole('button', { name: 'Add a passkey' }).click();
  await section.getByTestId('passkey').filter({ hasText: name }).waitFor();
  return { email, accountName, section };
}

async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
}

describe('passkeys', () => {
  it('are added on the profile and log in alone, in Chromium with a virtual authenticator', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const { page } = await pageWithAuthenticator(context);

    const { email, accountName, section } = await signUpWithPasskey(page, 'Test laptop');
    await page.getByTestId('security-events').getByText('Passkey added').waitFor();
    await screenshot(page, 'passkeys');

    await logOut(page);
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    await landedIn(page, accountName);

    // Removed with the password, it no longer logs in.
    await page.getByTestId('user').click();
    await section.getByTestId('passkey').getByRole('button', { name: 'Remove' }).click();
    await section.locator('input[name=currentPassword]').fill('correct horse battery');
    await section.getByTestId('passkey').getByRole('button', { name: 'Remove' }).click();
    await section.getByTestId('passkey').waitFor({ state: 'detached' });
    await logOut(page);
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    await expect(page.locator('.form-error').first().textContent()).resolves.toMatch(/passkey/i);
    // The password still works.
    await logInThroughForm(page, baseUrl, email);
    await landedIn(page, accountName);
    await context.close();
  });

  it('is the second factor after the password: asked for at once without TOTP, offered beside the code with it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const { page, presence } = await pageWithAuthenticator(context);
    const { email, accountName } = await signUpWithPasskey(page, 'Laptop');
    await logOut(page);

    // The password alone does not get in: the log-in asks the passkey (here nobody touches the authenticator yet) and offers no code field.
    await presence(false);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(password);
    await page.locator('form button[type=submit]').click();
    await page.getByText('Your login is protected by a passkey').waitFor();
    expect(await page.locator('input[name=twoFactorCode]').count()).toBe(0);
    await screenshot(page, 'passkey-second-factor');
    expect(page.url()).toMatch(/\/login/);
    // Touched this time, the passkey finishes the log-in.
    await presence(true);
    await logInThroughForm(page, baseUrl, email);
    await landedIn(page, accountName);

    // With TOTP on as well, the code screen offers the passkey beside the code.
    await page.getByTestId('user').click();
    const twoFactor = page.getByTestId('two-factor');
    await twoFactor.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const secret = (await twoFactor.getByTestId('two-factor-secret').textContent())!.trim();
    await twoFactor.locator('input[name=code]').fill(codeOf(secret));
    await twoFactor.getByRole('button', { name: 'Turn on' }).click();
    await twoFactor.getByTestId('recovery-codes').waitFor();
    await logOut(page);
    await logInThroughForm(page, baseUrl, email);
    await page.locator('input[name=twoFactorCode]').waitFor();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await landedIn(page, accountName);
    await context.close();
  });

  it("satisfies an account's two-factor policy: a member adds one right where the account asks, and goes on into it", async () => {
    const team = unique('Strict Keys');
    const ownerEmail = uniqueAddress('keys-owner');
    const memberEmail = uniqueAddress('keys-member');
    const { owner } = await teamWithMemberWithoutSecondFactor(baseUrl, { team, home: unique('Keys Home'), ownerEmail, memberEmail, memberName: ['Kim', 'Key'] });
    await api(baseUrl, 'mutation { setTwoFactorRequired(required: true) { id } }', {}, owner.accessToken);

    const context = await browser.newContext({ locale: 'en-GB' });
    const { page } = await pageWithAuthenticator(context);
    await logInThroughForm(page, baseUrl, memberEmail);
    await page.waitForURL(/\/a\//);
    await page.goto(`${baseUrl}/a/${owner.account.slug}/people`);
    const gate = page.getByTestId('two-factor-required');
    await gate.getByRole('heading', { name: 'Or add a passkey' }).waitFor();
    await gate.locator('input[name=name]').fill('Laptop');
    await gate.getByRole('button', { name: 'Add a passkey' }).click();
    await waitForAccount(page, team);
    await page.getByTestId('workspace').getByRole('heading', { name: 'People' }).waitFor();
    await expect(page.getByTestId('two-factor-required').count()).resolves.toBe(0);
    await context.close();
  });

  it('confirm a new password on the profile in place of a code ("Use a passkey"), a login without TOTP having no other way', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const { page } = await pageWithAuthenticator(context);
    await signUpWithPasskey(page, 'Password laptop');

    const form = page.getByTestId('password-form');
    await form.locator('input[name=currentPassword]').fill(password);
    await form.locator('input[name=password]').fill('a passkey-confirmed passphrase');
    // A passkey is this login's only second factor: the form offers it and no plain "Change password".
    await expect(form.getByRole('button', { name: 'Change password' }).count()).resolves.toBe(0);
    await form.getByRole('button', { name: 'Use a passkey' }).click();
    await form.getByText('Your password is changed.', { exact: false }).waitFor();
    await context.close();
  });
});
