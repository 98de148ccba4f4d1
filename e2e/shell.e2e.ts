import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the SPA shell', () => {
  it("loads in a browser, shows the product's name and sends a visitor to the packages", async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(baseUrl);
    await page.waitForURL(`${baseUrl}/pricing`);
    await expect(page.locator('.topbar__brand').textContent()).resolves.toBe('Kontor');
    await page.getByTestId('plan-TEAM').waitFor();
    await screenshot(page, 'shell');
  });

  it('answers a deep link with the app, which asks a visitor to log in and remembers where to go', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    const response = await page.goto(`${baseUrl}/a/acme/people`);
    expect(response?.status()).toBe(200);
    await page.waitForURL(`${baseUrl}/login?next=${encodeURIComponent('/a/acme/people')}`);
    await expect(page.locator('.topbar__brand').textContent()).resolves.toBe('Kontor');
  });
});
