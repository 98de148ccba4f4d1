import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeOpenPages, launchBrowser, screenshot } from './support/browser.js';
import { api, password, unique, verifyEmailByLink, waitForAccount } from './support/app.js';

/*
 * Working across accounts: one login with two accounts sees its tasks of both on "my work", ticks one of the other
 * account off without leaving the current one, opens a record of the other account (the tab switches in place), and
 * the account bar's badges follow changes made elsewhere without a reload.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
const email = `${unique('across').replace(' ', '-')}@example.com`;
const north = unique('North GmbH');
const south = unique('South AG');
let northSlug: string;
let southSlug: string;
let southId: string;
let southToken: string;
const tasks: Record<string, string> = {};

/** A day relative to the browser's (this machine's) today, as the app computes it. */
function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function createTask(token: string, title: string, dueDate: string, personId?: string): Promise<string> {
  const { createTask } = await api(baseUrl, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i: { title, dueDate, ...(personId ? { personId } : {}) } }, token);
  return createTask.id;
}

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  page = await context.newPage();
  // Signed up in the page's own cookie jar: the page is signed in.
  const signUp = await page.request.post(`${baseUrl}/graphql`, {
    data: {
      query: 'mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken account { slug } } } }',
      variables: { input: { email, password, accountName: north, planCode: 'TEAM' } },
    },
  });
  const { auth } = (await signUp.json()).data.signUp;
  northSlug = auth.account.slug;
  await verifyEmailByLink(baseUrl, email);
  const ada = (await api(baseUrl, 'mutation { createPerson(input: { firstName: "Ada", lastName: "North" }) { id } }', {}, auth.accessToken)).createPerson.id;
  tasks.overdue = await createTask(auth.accessToken, 'Call Ada back', day(-2), ada);
  const created = (await api(baseUrl, `mutation($n: String!) { createAccount(input: { name: $n, planCode: "TEAM" }) { accessToken account { id slug } } }`, { n: south }, auth.accessToken))
    .createAccount;
  southSlug = created.account.slug;
  southId = created.account.id;
  southToken = created.accessToken;
  const bruno = (await api(baseUrl, 'mutation { createPerson(input: { firstName: "Bruno", lastName: "South" }) { id } }', {}, southToken)).createPerson.id;
  tasks.today = await createTask(southToken, 'Send the South offer', day(0));
  tasks.later = await createTask(southToken, 'Visit Bruno', day(3), bruno);
});
afterAll(async () => {
  await browser?.close();
});

describe('my work across accounts', () => {
  it('lists the open tasks of both accounts by due, each naming its account, with a badge for the overdue one', async () => {
    await page.goto(`${baseUrl}/a/${northSlug}/my-work`);
    await waitForAccount(page, north);
    const rows = page.getByTestId('my-work-task');
    await rows.nth(2).waitFor();
    const texts = await rows.allTextContents();
    expect(texts[0]).toContain('Call Ada back');
    expect(texts[0]).toContain(north);
    expect(texts[1]).toContain('Send the South offer');
    expect(texts[1]).toContain(south);
    expect(texts[2]).toContain('Visit Bruno');
    await expect(page.getByRole('heading', { name: /Overdue/ }).count()).resolves.toBe(1);
    const northLink = page.locator('.account-bar__account', { hasText: north });
    await expect(northLink.getByTestId('badge-overdue').textContent()).resolves.toBe('11 overdue task');
    await screenshot(page, 'my-work');
  });

  it("ticks off the other account's task without leaving this account", async () => {
    await page.getByRole('checkbox', { name: 'Mark “Send the South offer” done' }).check();
    await page.getByTestId('my-work-task').filter({ hasText: 'Send the South offer' }).waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/a/${northSlug}/my-work`);
    await page.locator('.account-bar__account.is-current', { hasText: north }).waitFor();
    const { task } = await api(baseUrl, 'query($id: ID!) { task(id: $id) { done } }', { id: tasks.today }, southToken);
    expect(task.done).toBe(true);
  });

  it('shows a new overdue task of the other account in its badge when the tab is focused again, without a reload', async () => {
    const southLink = page.locator('.account-bar__account', { hasText: south });
    await expect(southLink.getByTestId('badge-overdue').count()).resolves.toBe(0);
    await createTask(southToken, 'Forgotten in South', day(-1));
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await southLink.getByTestId('badge-overdue').waitFor();
    await expect(southLink.getByTestId('badge-overdue').locator('.visually-hidden').textContent()).resolves.toBe('1 overdue task');
  });

  it("opens a record of the other account, switching the tab there in place", async () => {
    await page.getByTestId('my-work-task').filter({ hasText: 'Visit Bruno' }).getByRole('link', { name: 'Bruno South' }).click();
    await page.waitForURL(new RegExp(`/a/${southSlug}/people/[0-9a-f-]{36}$`));
    await waitForAccount(page, south);
    await expect(page.getByTestId('person').locator('h1').textContent()).resolves.toBe('Bruno South');
    expect(southId).toBeTruthy();
  });
});

describe('the quick switcher', () => {
  const switcher = () => page.getByRole('dialog', { name: 'Jump to' });
  const box = () => switcher().getByRole('combobox');
  /**
   * Ctrl+K, then waits for the switcher and its focus (a focus check on a box that never came would wait out the
   * test's whole time). Once in CI the switcher did not open after a Ctrl+K, cause unknown (the first test shows
   * that the key opens it): a user presses again, and so does this, printing what the page showed.
   */
  const openWithShortcut = async () => {
    await page.keyboard.press('Control+k');
    if (!(await switcher().waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
      console.warn(`--- Ctrl+K opened no switcher; pressing it again\n${await describeOpenPages()}`);
      await page.keyboard.press('Control+k');
      await switcher().waitFor({ timeout: 10_000 });
    }
    await expect.poll(() => box().evaluate((input) => input === document.activeElement)).toBe(true);
  };

  it('opens with Ctrl+K, lists every account, and closes with Escape', async () => {
    await page.goto(`${baseUrl}/a/${northSlug}/people`);
    await waitForAccount(page, north);
    await page.keyboard.press('Control+k');
    await box().waitFor();
    await expect(box().evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    // With nothing typed: every account.
    await expect(switcher().getByRole('option').allTextContents()).resolves.toEqual([`Account${north}`, `Account${south}`]);
    await page.keyboard.press('Escape');
    // Gone from the page, not only hidden: the next test's Ctrl+K must find it closed.
    await page.getByTestId('quick-switcher').waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/a/${northSlug}/people`);

  });

  it('jumps with the keyboard alone to a person of the other account, switching in place', async () => {
    // Typed only once the box has the focus: keys pressed while the dialog mounts would be lost.
    await openWithShortcut();
    await page.keyboard.type('South');
    // The account by its name first, then the records of every account that match.
    const options = switcher().getByRole('option');
    await options.filter({ hasText: 'Bruno South' }).waitFor();
    await expect(options.first().textContent()).resolves.toBe(`Account${south}`);
    await expect(options.first().getAttribute('aria-selected')).resolves.toBe('true');
    await screenshot(page, 'quick-switcher');
    const bruno = await options.allTextContents().then((texts) => texts.findIndex((text) => text.includes('Bruno South')));
    for (let i = 0; i < bruno; i++) await page.keyboard.press('ArrowDown');
    const activeId = await box().getAttribute('aria-activedescendant');
    await expect(page.locator(`[id="${activeId}"]`).textContent()).resolves.toContain('Bruno South');
    await expect(page.locator(`[id="${activeId}"]`).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/a/${southSlug}/people/[0-9a-f-]{36}$`));
    await waitForAccount(page, south);
    await expect(page.getByTestId('person').locator('h1').textContent()).resolves.toBe('Bruno South');
    await expect(switcher().count()).resolves.toBe(0);
  });

  it('jumps to an account by a part of its name, wrapping round with the arrows', async () => {
    await openWithShortcut();
    await page.keyboard.type(north.split(' ')[2]!);
    const options = switcher().getByRole('option');
    await expect(options.allTextContents()).resolves.toEqual([`Account${north}`]);
    await page.keyboard.press('ArrowUp');
    await expect(options.first().getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/a/${northSlug}/people`);
    await waitForAccount(page, north);
  });
});

describe('the calendar feed', () => {
  it('makes a private address on my work, shown once with copy, serving the tasks of both accounts; a new one ends the old', async () => {
    await page.goto(`${baseUrl}/a/${northSlug}/my-work`);
    const panel = page.getByTestId('calendar-feed');
    await panel.getByTestId('calendar-feed-state').waitFor();
    await panel.getByRole('button', { name: 'Make a calendar address' }).click();
    const url = (await panel.getByTestId('secret-value').textContent())!;
    expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await expect(panel.getByRole('link', { name: /webcal/ }).getAttribute('href')).resolves.toBe(url.replace(/^https?:/, 'webcal:'));
    await panel.getByRole('button', { name: 'Copy' }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(url);
    await screenshot(page, 'calendar-feed');
    const feed = await (await fetch(`${baseUrl}${new URL(url).pathname}`)).text();
    expect(feed).toContain(`SUMMARY:Visit Bruno (${south})`);
    expect(feed).toContain(`SUMMARY:Call Ada back (${north})`);

    await panel.getByRole('button', { name: 'I have stored it' }).click();
    await panel.getByText('Your calendar address was made on').waitFor();
    await panel.getByRole('button', { name: /Make a new address/ }).click();
    const renewed = (await panel.getByTestId('secret-value').textContent())!;
    expect(renewed).not.toBe(url);
    expect((await fetch(`${baseUrl}${new URL(url).pathname}`)).status).toBe(404);
    await panel.getByRole('button', { name: 'Turn off' }).click();
    await panel.getByText('You have no calendar address yet.').waitFor();
    expect((await fetch(`${baseUrl}${new URL(renewed).pathname}`)).status).toBe(404);
  });
});

describe('the account overview in pictures', () => {
  it('draws the pipeline, decisions and tasks as charts, each also a table, with no content-security-policy violation', async () => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('CSP violation')) violations.push(message.text());
    });
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective}`)),
    );
    await page.goto(`${baseUrl}/a/${southSlug}/overview`);
    await waitForAccount(page, south);
    const charts = page.getByTestId('overview-chart');
    await charts.nth(2).waitFor();
    await expect(charts.locator('h3').allTextContents()).resolves.toEqual(['Open pipeline by phase', 'Deals won and lost per month', 'Tasks done per week']);
    await expect(charts.locator('canvas').count()).resolves.toBe(3);
    await screenshot(page, 'overview-charts');
    // The table is there for screen readers all along; a click shows it instead of the chart.
    const pipeline = charts.first();
    await expect(pipeline.locator('table tbody tr').count()).resolves.toBeGreaterThan(0);
    await pipeline.getByRole('button', { name: 'Show as table' }).click();
    await expect(pipeline.locator('canvas').count()).resolves.toBe(0);
    await expect(pipeline.getByRole('table').locator('th[scope=col]').allTextContents()).resolves.toContain('Open deals');
    const tasksTable = charts.nth(2).locator('table');
    // "Send the South offer" was ticked off this week (my work, above).
    await expect(tasksTable.locator('tbody tr').last().locator('td').textContent()).resolves.toBe('1');
    expect(violations).toEqual([]);
  });
});
