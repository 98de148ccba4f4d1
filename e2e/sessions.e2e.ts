import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { landedIn, logInThroughForm, signUpThroughForm, unique, uniqueAddress, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const firefoxOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('where you are logged in', () => {
  it('lists the sessions on the profile, ends another one, and lists the log-in from a new browser as a security event', async () => {
    const email = uniqueAddress('traveller');
    const accountName = unique('Travel Co');
    const here = await browser.newContext({ locale: 'en-GB' });
    const page = await here.newPage();
    await signUpThroughForm(page, baseUrl, { email, accountName });
    await waitForAccount(page, accountName);

    // The same login in "another browser".
    const there = await browser.newContext({ locale: 'en-GB', userAgent: firefoxOnWindows });
    const otherPage = await there.newPage();
    await logInThroughForm(otherPage, baseUrl, email);
    await landedIn(otherPage, accountName);

    await page.getByTestId('user').click();
    const sessions = page.getByTestId('sessions');
    await sessions.getByTestId('session').nth(1).waitFor();
    await expect(sessions.getByTestId('session').count()).resolves.toBe(2);
    const firefox = sessions.getByTestId('session').filter({ hasText: 'Firefox 133 · Windows 10' });
    await expect(firefox.textContent()).resolves.toContain('127.0.0.x');
    await expect(sessions.getByTestId('session').filter({ hasText: 'This browser' }).textContent()).resolves.toContain('Chrome');
    const events = page.getByTestId('security-events');
    await events.getByText('Log-in from a new browser').waitFor();
    await expect(events.getByTestId('security-event').first().textContent()).resolves.toContain('Firefox 133');
    await screenshot(page, 'sessions');

    await firefox.getByRole('button', { name: 'Log out there' }).click();
    await firefox.waitFor({ state: 'detached' });
    await expect(sessions.getByTestId('session').count()).resolves.toBe(1);
    // The other browser is logged out on its next request.
    await otherPage.reload();
    await otherPage.waitForURL(/\/login/);
    await here.close();
    await there.close();
  });
});
