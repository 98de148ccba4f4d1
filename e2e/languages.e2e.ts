import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, password, peopleOnScreen, signUpThroughForm, landedIn, unique, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
const email = `${unique('sprache').replace(' ', '-')}@example.com`;
const accountName = unique('Müller & Söhne');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('languages', () => {
  it("speaks German to a browser set to German, with German money and messages", async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/pricing`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Pakete');
    // Intl puts a no-break space between the amount and the euro sign.
    await expect(page.getByTestId('plan-TEAM').locator('.plan__price').textContent()).resolves.toMatch(/^49\u00a0€ pro Monat$/);
    await screenshot(page, 'pricing-de');

    await page.goto(`${baseUrl}/signup?plan=TEAM`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill('kurz');
    await page.locator('input[name=accountName]').fill(accountName);
    await page.locator('form button[type=submit]').click();
    const passwordError = page.locator('.field', { has: page.locator('input[name=password]') }).locator('.field__error');
    await expect(passwordError.textContent()).resolves.toBe('Das Passwort muss mindestens 10 Zeichen lang sein.');

    await signUpThroughForm(page, baseUrl, { email, accountName });
    const slug = await landedIn(page, accountName);
    await waitForAccount(page, accountName);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Personen');
    await expect(page.getByTestId('empty').textContent()).resolves.toContain('Noch keine Personen');
    await screenshot(page, 'people-de');
    // The account's own defaults were written in German, too.
    await page.goto(`${baseUrl}/a/${slug}/deals`);
    for (const phase of ['Lead', 'Qualifiziert', 'Angebot', 'Verhandlung']) await page.getByTestId(`phase-${phase}`).waitFor();
    await context.close();
  });

  it('switches to Spanish in the app and remembers it for the user on another browser', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(password);
    await page.locator('form button[type=submit]').click();
    await waitForAccount(page, accountName);
    const saved = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().postData()?.includes('SetLocale') === true);
    await page.getByTestId('language').selectOption('es');
    // Spanish is fetched on first use: the page turns Spanish once it is there.
    await page.locator('h1', { hasText: 'Personas' }).first().waitFor();
    await expect(page.getByRole('button', { name: 'Cerrar sesión' }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Nueva persona' }).first().waitFor();
    await screenshot(page, 'people-es');
    // Once the choice is stored, log in from a browser in English.
    expect((await saved).ok()).toBe(true);
    await context.close();

    const elsewhere = await browser.newContext({ locale: 'en-US' });
    const tab = await elsewhere.newPage();
    await tab.goto(`${baseUrl}/login`);
    await expect(tab.locator('h1').textContent()).resolves.toBe('Log in');
    await tab.locator('input[name=email]').fill(email);
    await tab.locator('input[name=password]').fill(password);
    await tab.locator('form button[type=submit]').click();
    await waitForAccount(tab, accountName);
    await expect(tab.locator('h1').first().textContent()).resolves.toContain('Personas');
    await expect(peopleOnScreen(tab)).resolves.toEqual([]);
    await elsewhere.close();
  });

  it('follows a German browser for a login created through the API without a language', async () => {
    const apiEmail = `${unique('ohne-sprache').replace(' ', '-')}@example.com`;
    const apiAccount = unique('API Konto');
    await api(baseUrl, 'mutation($input: SignUpInput!) { signUp(input: $input) { outcome } }', {
      input: { email: apiEmail, password, accountName: apiAccount, planCode: 'TEAM' },
    });
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.locator('input[name=email]').fill(apiEmail);
    await page.locator('input[name=password]').fill(password);
    await page.locator('form button[type=submit]').click();
    await waitForAccount(page, apiAccount);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Personen');
    await expect(page.getByTestId('language').inputValue()).resolves.toBe('de');
    await context.close();
  });
});
