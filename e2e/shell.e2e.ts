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
  it("loads in a browser and shows the product's name and the server's health", async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await expect(page.locator('h1').textContent()).resolves.toBe('Kontor');
    await page.getByTestId('health').filter({ hasText: 'database up' }).waitFor();
    await screenshot(page, 'shell');
  });

  it('answers a deep link with the app', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${baseUrl}/a/acme/people`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Kontor');
  });
});
