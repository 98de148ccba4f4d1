import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

/**
 * Everything the page's Content-Security-Policy refused: the browser's
 * `securitypolicyviolation` events (from the page and from Monaco's workers'
 * console) and its console messages about the policy.
 */
async function recordViolations(context: BrowserContext): Promise<{ page: Page; violations: string[] }> {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
    });
  });
  const page = await context.newPage();
  const violations: string[] = [];
  const note = (text: string) => {
    if (/Content.Security.Policy|CSP violation|Refused to/i.test(text)) violations.push(text);
  };
  page.on('console', (message) => note(message.text()));
  page.on('worker', (worker) => worker.on('console', (message) => note(message.text())));
  page.on('pageerror', (error) => note(error.message));
  return { page, violations };
}

describe('the Content-Security-Policy', () => {
  it('lets the app and /playground work without a single violation', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const { page, violations } = await recordViolations(context);

    const response = await page.goto(baseUrl);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByTestId('plan-TEAM').waitFor();

    const slug = await signUpInPageWithPerson(page, baseUrl, { email: `csp-${Date.now()}@example.com`, accountName: 'Policy Ltd', person: { firstName: 'Ada', lastName: 'Policy' } });

    // The signed-in app, through the refresh cookie.
    await page.goto(`${baseUrl}/a/${slug}/people`);
    await page.getByText('Ada Policy').first().waitFor();

    // GraphiQL: Monaco's editors and workers, a query run, the docs.
    await page.goto(`${baseUrl}/playground?account=${slug}`);
    await page.locator('.graphiql-query-editor').filter({ hasText: 'totalCount' }).waitFor();
    const answered = page.locator('.graphiql-response').filter({ hasText: 'Policy' });
    for (let attempt = 0; attempt < 5 && !(await answered.isVisible()); attempt++) {
      await page.locator('.graphiql-execute-button').click();
      await answered.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await answered.waitFor();
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.locator('.graphiql-doc-explorer').filter({ hasText: 'Query' }).waitFor();
    // Let Monaco's workers settle: a refused worker reports only after a moment.
    await page.waitForTimeout(500);
    await screenshot(page, 'csp-playground');

    expect(violations).toEqual([]);
    await context.close();
  });

  it('keeps the app out of frames on other sites', async () => {
    const context = await browser.newContext();
    const { page, violations } = await recordViolations(context);
    // A page of another origin (about:blank with content) that frames the app.
    await page.setContent(`<iframe id="framed" src="${baseUrl}/pricing" width="600" height="400"></iframe>`);
    await page.waitForTimeout(1_000);
    const framed = page.frames().find((frame) => frame.url().startsWith(baseUrl));
    const shown = framed ? await framed.locator('[data-testid="plan-TEAM"]').count().catch(() => 0) : 0;
    expect(shown).toBe(0);
    expect(violations.join('\n')).toMatch(/frame-ancestors/);
    await context.close();
  });
});
