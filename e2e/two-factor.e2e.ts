import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { landedIn, logInThroughForm, password, signUpThroughForm, unique, uniqueAddress, waitForAccount } from './support/app.js';
import { codeOf } from './support/two-factor.js';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});



async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(`${baseUrl}/login`);
}

/**
 * Signs up, opens the profile and turns two-factor authentication on as a
 * user does; answers the app's secret and the recovery codes. With `wrongFirst`
 * a wrong code is tried first. Codes are limited to 5 per user and 5
 * minutes, so each test below stays within 5.
 */
async function signUpWithTwoFactor(page: Page, options: { wrongFirst?: boolean } = {}) {
  const email = uniqueAddress('careful');
  const accountName = unique('Careful Co');
  await signUpThroughForm(page, baseUrl, { email, accountName });
  await waitForAccount(page, accountName);
  await page.getByTestId('user').click();

  const section = page.getByTestId('two-factor');
  await section.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  await section.getByTestId('two-factor-qr').waitFor();
  const secret = (await section.getByTestId('two-factor-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // The QR code is drawn in the browser: the canvas holds dark and light pixels.
  const shades = await section.getByTestId('two-factor-qr').evaluate((canvas: HTMLCanvasElement) => {
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return new Set(Array.from({ length: pixels.length / 4 }, (_, i) => pixels[i * 4])).size;
  });
  expect(shades).toBeGreaterThan(1);
  if (options.wrongFirst) {
    await section.locator('input[name=code]').fill(wrongCode(secret));
    await section.getByRole('button', { name: 'Turn on' }).click();
    await expect(section.locator('.field__error').textContent()).resolves.toContain('This code is wrong');
  }
  await section.locator('input[name=code]').fill(codeOf(secret));
  await section.getByRole('button', { name: 'Turn on' }).click();
  const codesBox = section.getByTestId('recovery-codes');
  await codesBox.waitFor();
  const recoveryCodes = (await codesBox.locator('li code').allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  return { email, accountName, secret, recoveryCodes, section, codesBox };
}

const wrongCode = (secret: string) => String((Number(codeOf(secret, 1)) + 500_000) % 1_000_000).padStart(6, '0');

describe('two-factor authentication', () => {
  it('is turned on from the profile with a QR code drawn in the browser, is asked for after the password, and makes new recovery codes', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const { email, accountName, secret, recoveryCodes, section, codesBox } = await signUpWithTwoFactor(page, { wrongFirst: true });
    await screenshot(page, 'two-factor-recovery-codes');
    const download = page.waitForEvent('download');
    await codesBox.getByRole('button', { name: 'Download' }).click();
    expect((await download).suggestedFilename()).toBe('kontor-recovery-codes.txt');
    await codesBox.getByRole('button', { name: 'I have stored them' }).click();
    await section.getByTestId('two-factor-on').waitFor();

    // Log-in asks for the code after the right password; a wrong one is refused, the app's next code lets in.
    await logOut(page);
    await logInThroughForm(page, baseUrl, email);
    const codeField = page.locator('input[name=twoFactorCode]');
    await codeField.fill(wrongCode(secret));
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('.field__error').textContent()).resolves.toContain('This code is wrong');
    await codeField.fill(codeOf(secret, 1));
    await page.locator('form button[type=submit]').click();
    await landedIn(page, accountName);

    // New recovery codes (for a code, here a recovery code) replace the old ones.
    await page.getByTestId('user').click();
    const codesForm = page.getByTestId('recovery-codes-form');
    await codesForm.locator('input[name=code]').fill(recoveryCodes[0]!);
    await codesForm.getByRole('button', { name: 'Make new recovery codes' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    const fresh = (await page.getByTestId('recovery-codes').locator('li code').allTextContents()).map((c) => c.trim());
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[3]);
    await page.getByTestId('recovery-codes').getByRole('button', { name: 'I have stored them' }).click();

    await context.close();
  });

  it('takes a recovery code once instead of the app, and turns off with the password and a code', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const { email, accountName, recoveryCodes, section, codesBox } = await signUpWithTwoFactor(page);
    await codesBox.getByRole('button', { name: 'I have stored them' }).click();
    await section.getByTestId('two-factor-on').waitFor();

    await logOut(page);
    await logInThroughForm(page, baseUrl, email);
    const codeField = page.locator('input[name=twoFactorCode]');
    await codeField.fill(recoveryCodes[0]!);
    await page.locator('form button[type=submit]').click();
    await landedIn(page, accountName);
    await logOut(page);
    await logInThroughForm(page, baseUrl, email);
    await codeField.fill(recoveryCodes[0]!);
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('.field__error').textContent()).resolves.toContain('This code is wrong');
    // The password step is not asked again: the code field stays, and another recovery code works.
    await codeField.fill(recoveryCodes[1]!);
    await page.locator('form button[type=submit]').click();
    await landedIn(page, accountName);

    await page.getByTestId('user').click();
    const offForm = page.getByTestId('two-factor-off-form');
    await offForm.locator('input[name=currentPassword]').fill(password);
    await offForm.locator('input[name=code]').fill(recoveryCodes[2]!);
    await offForm.getByRole('button', { name: 'Turn two-factor authentication off' }).click();
    await section.getByRole('button', { name: 'Set up two-factor authentication' }).waitFor();

    await logOut(page);
    await logInThroughForm(page, baseUrl, email);
    await landedIn(page, accountName);
    await context.close();
  });
});
