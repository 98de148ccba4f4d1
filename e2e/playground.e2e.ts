import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { signUpInPageWithPerson } from './support/app.js';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the GraphQL playground', () => {
  it('loads with no network beyond the server, runs a query in the current account, and shows the docs', async () => {
    const context = await browser.newContext();
    // Anything that is not our server (a CDN, fonts, telemetry) is refused and remembered.
    const foreign: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(baseUrl) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const page = await context.newPage();

    const slug = await signUpInPageWithPerson(page, baseUrl, { email: `playground-${Date.now()}@example.com`, accountName: 'Playground Ltd', person: { firstName: 'Grace', lastName: 'Playground' } });

    // A browser opening /graphql lands on the playground.
    await page.goto(`${baseUrl}/graphql?account=${slug}`);
    expect(new URL(page.url()).pathname).toBe('/playground');
    await page.goto(`${baseUrl}/playground?account=${slug}`);
    await page.getByTestId('playground').waitFor();
    // The editors load asynchronously (Monaco, then the schema): run the query once the editor shows it.
    await page.locator('.graphiql-query-editor').filter({ hasText: 'totalCount' }).waitFor();
    const response = page.locator('.graphiql-response');
    const answered = response.filter({ hasText: 'Playground' });
    for (let attempt = 0; attempt < 5 && !(await answered.isVisible()); attempt++) {
      await page.locator('.graphiql-execute-button').click();
      await answered.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await answered.waitFor();
    await expect(response.textContent()).resolves.toMatch(/"totalCount":\s*1/);

    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.locator('.graphiql-doc-explorer').filter({ hasText: 'Query' }).waitFor();
    await screenshot(page, 'playground');

    expect(foreign).toEqual([]);
    await context.close();
  });
});
