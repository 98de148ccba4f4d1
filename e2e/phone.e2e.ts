import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, landedIn, password, unique, verifyEmailByLink } from './support/app.js';

/*
 * On a phone (390×844, touch): the main flows by tapping — log in, switch account through the menu, find a person,
 * add a note, move a deal with its phase picker — and no screen wider than the phone.
 */
const baseUrl = inject('baseUrl');
const screenWidth = 390;
let browser: Browser;
let page: Page;
const email = `${unique('phone').replace(' ', '-')}@example.com`;
const north = unique('North Mobile');
const south = unique('South Mobile');
let northSlug: string;
let southSlug: string;
let personId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: screenWidth, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  page = await context.newPage();
  const { signUp } = await api(baseUrl, 'mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken account { slug } } } }', {
    input: { email, password, accountName: north, planCode: 'TEAM', firstName: 'Maren', lastName: 'Mobile' },
  });
  const token = signUp.auth.accessToken;
  northSlug = signUp.auth.account.slug;
  await verifyEmailByLink(baseUrl, email);
  const score = (await api(baseUrl, 'mutation { createCustomField(input: { recordType: PERSON, name: "Score", type: NUMBER, showInList: true }) { id } }', {}, token)).createCustomField.id;
  personId = (
    await api(baseUrl, 'mutation($s: ID!) { createPerson(input: { firstName: "Petra", lastName: "Pocket", emails: ["petra.pocket.with.a.long.address@example.com"], customFields: [{ fieldId: $s, number: 10 }] }) { id } }', { s: score }, token)
  ).createPerson.id;
  await api(baseUrl, 'mutation($s: ID!) { createPerson(input: { firstName: "Otto", lastName: "Other", customFields: [{ fieldId: $s, number: 90 }] }) { id } }', { s: score }, token);
  await api(baseUrl, 'mutation { createCompany(input: { name: "Pocket Devices GmbH", website: "https://pocket-devices.example.com" }) { id } }', {}, token);
  await api(baseUrl, 'mutation { createDeal(input: { title: "Phone deal", value: { amountCents: 990000, currency: "EUR" } }) { id } }', {}, token);
  await api(baseUrl, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i: { title: 'Call Petra from the car', dueDate: new Date().toISOString().slice(0, 10), personId } }, token);
  const created = (await api(baseUrl, 'mutation($n: String!) { createAccount(input: { name: $n, planCode: "TEAM" }) { accessToken account { slug } } }', { n: south }, token))
    .createAccount;
  southSlug = created.account.slug;
  await api(baseUrl, 'mutation { createPerson(input: { firstName: "Sam", lastName: "South" }) { id } }', {}, created.accessToken);
});
afterAll(async () => {
  await browser?.close();
});

const menuButton = () => page.getByTestId('menu-button');
const menu = () => page.locator('#account-menu');

/** The page is no wider than the screen: nothing scrolls sideways, and nothing sticks out past its right edge (but inside a box that scrolls itself). */
async function expectNoSidewaysScroll(where: string) {
  const { scrollWidth, innerWidth, outside } = await page.evaluate((screen) => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    outside: Array.from(document.querySelectorAll('body *'))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= screen + 0.5) return false;
        for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) if (getComputedStyle(parent).overflowX !== 'visible') return false;
        return true;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 40)}`),
  }), screenWidth);
  expect(outside, `${where}: past the right edge`).toEqual([]);
  // A phone widens its layout to content wider than the screen (innerWidth grows with it): compare with the screen itself too.
  expect(scrollWidth, `${where}: ${scrollWidth}px wide on a ${innerWidth}px screen`).toBeLessThanOrEqual(innerWidth);
  expect(innerWidth, `${where}: the layout widened to ${innerWidth}px`).toBe(screenWidth);
}

/** Waits until the account's screen has loaded (no loading state left in the workspace). */
async function settled() {
  await page.locator('[data-testid=workspace] [role=status]').first().waitFor({ state: 'detached' }).catch(() => undefined);
}

/** The heights of the visible links, buttons and selects inside `selector`, named by their text. */
async function tapTargets(selector: string): Promise<{ name: string; height: number }[]> {
  return page.locator(selector).evaluateAll((roots) =>
    roots.flatMap((root) =>
      Array.from(root.querySelectorAll<HTMLElement>('a, button, select, input'))
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => ({ name: (el.textContent ?? el.getAttribute('aria-label') ?? el.tagName).trim().slice(0, 30), height: el.getBoundingClientRect().height })),
    ),
  );
}

async function openMenu() {
  await menuButton().tap();
  await menu().waitFor();
}

describe('Kontor on a phone', () => {
  it('logs in by tapping, and the list starts on the first screen under a top bar that fits', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.locator('input[name=email]').waitFor();
    await expectNoSidewaysScroll('log-in');
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(password);
    await page.locator('form button[type=submit]').tap();
    // The account used last (the one created last) opens.
    await landedIn(page, south);
    await page.getByTestId('people-list').getByText('Sam South').waitFor();
    await openMenu();
    await menu().getByTestId('account-switcher').getByText(north).tap();
    await page.waitForURL(new RegExp(`/a/${northSlug}/people$`));
    await page.getByTestId('people-list').getByText('Petra Pocket').waitFor();
    await settled();
    await expectNoSidewaysScroll('people');

    // The account bar waits behind the menu button: the list is on the first screen.
    await expect(menu().isVisible()).resolves.toBe(false);
    await expect(menuButton().getAttribute('aria-expanded')).resolves.toBe('false');
    const list = await page.getByTestId('people-list').boundingBox();
    expect(list!.y).toBeLessThan(400);
    // Every person is a card no wider than the screen, with its e-mail on it.
    const card = page.getByTestId('people-list').locator('tr', { hasText: 'Petra Pocket' });
    const box = await card.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await expect(card.textContent()).resolves.toContain('petra.pocket.with.a.long.address@example.com');
    // Nothing of the top bar is cut off, and all of it is big enough for a thumb.
    for (const target of await tapTargets('.topbar')) expect(target.height, target.name).toBeGreaterThanOrEqual(44);
    const bar = await page.locator('.topbar').evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(bar.scrollWidth).toBeLessThanOrEqual(bar.clientWidth);
    await screenshot(page, 'phone-people');
  });

  it('opens the menu with the accounts, sections, language and log-out, each at least 44px high; Escape closes it', async () => {
    await openMenu();
    await expect(menuButton().getAttribute('aria-expanded')).resolves.toBe('true');
    // Focus moved into the menu, and what lies under it takes none.
    await expect(page.evaluate(() => document.activeElement?.closest('#account-menu') !== null)).resolves.toBe(true);
    await expect(page.getByTestId('workspace').getAttribute('inert')).resolves.not.toBeNull();
    await menu().getByRole('link', { name: 'Deals' }).waitFor();
    await menu().getByRole('button', { name: 'Log out' }).waitFor();
    await menu().getByTestId('language').waitFor();
    const targets = await tapTargets('.topbar, #account-menu');
    expect(targets.length).toBeGreaterThan(15);
    for (const target of targets) expect(target.height, target.name).toBeGreaterThanOrEqual(44);
    await expectNoSidewaysScroll('menu');
    await screenshot(page, 'phone-menu');

    await page.keyboard.press('Escape');
    await menu().waitFor({ state: 'hidden' });
    await expect(menuButton().getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('menu-button');

    // "Create account" (loaded on first use) opens its dialog at the full width; Escape there closes only the dialog.
    await openMenu();
    await menu().getByRole('button', { name: 'Create account' }).tap();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('input[name=name]').waitFor();
    expect((await dialog.boundingBox())!.width).toBe(390);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(menu().isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await menu().waitFor({ state: 'hidden' });
  });

  it('switches to the other account through the menu, in place, and back', async () => {
    await openMenu();
    await menu().getByTestId('account-switcher').getByText(south).tap();
    await page.waitForURL(new RegExp(`/a/${southSlug}/people$`));
    await menu().waitFor({ state: 'hidden' });
    await page.getByTestId('people-list').getByText('Sam South').waitFor();
    await expect(page.getByTestId('people-list').textContent()).resolves.not.toContain('Petra Pocket');
    await expect(menuButton().getAttribute('aria-expanded')).resolves.toBe('false');

    await openMenu();
    await menu().getByTestId('account-switcher').getByText(north).tap();
    await page.waitForURL(new RegExp(`/a/${northSlug}/people$`));
    await page.getByTestId('people-list').getByText('Petra Pocket').waitFor();
  });

  it('finds a person and adds a note by tapping', async () => {
    await page.getByRole('searchbox', { name: 'Search people' }).fill('Pocket');
    await page.waitForFunction(() => !document.querySelector('[data-testid=people-list]')?.textContent?.includes('Otto Other'));
    await page.locator('.person-name', { hasText: 'Petra Pocket' }).tap();
    await page.waitForURL(new RegExp(`/people/${personId}$`));
    await page.getByTestId('timeline').waitFor();
    await settled();
    await expectNoSidewaysScroll('person');
    await page.getByTestId('notes').locator('textarea').fill('Met at the trade fair; call after 4 pm.');
    await page.getByTestId('notes').getByRole('button', { name: 'Add note' }).tap();
    await page.getByTestId('note').filter({ hasText: 'Met at the trade fair; call after 4 pm.' }).waitFor();
    await screenshot(page, 'phone-person');
  });

  it('sorts the cards with the select above them, by a built-in order and by a custom column, the column heads hidden', async () => {
    await page.goto(`${baseUrl}/a/${northSlug}/people`);
    const list = page.getByTestId('people-list');
    await list.getByText('Otto Other').waitFor();
    // The heads are kept for screen readers in a 1px box: no sighted user can tap one.
    expect((await list.locator('thead').boundingBox())!.height).toBeLessThanOrEqual(1);
    const names = async () => (await list.locator('.person-name').allTextContents()).map((name) => name.trim());
    await expect(names()).resolves.toEqual(['Otto Other', 'Petra Pocket']);
    const sortBy = page.getByLabel('Sort by');
    expect((await sortBy.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await sortBy.selectOption({ label: 'Name (Z–A)' });
    await expect.poll(names).toEqual(['Petra Pocket', 'Otto Other']);
    await sortBy.selectOption({ label: 'Score (descending)' });
    await page.waitForURL(/sort=cf\..*\.DESC/);
    await expect.poll(names).toEqual(['Otto Other', 'Petra Pocket']);
    await sortBy.selectOption({ label: 'Score (ascending)' });
    await expect.poll(names).toEqual(['Petra Pocket', 'Otto Other']);
    // The order is in the URL: a reload keeps it.
    await page.reload();
    await list.getByText('Otto Other').waitFor();
    await expect(names()).resolves.toEqual(['Petra Pocket', 'Otto Other']);
    await expect(page.getByLabel('Sort by').locator('option:checked').textContent()).resolves.toBe('Score (ascending)');
    await expectNoSidewaysScroll('people sorted');
    await screenshot(page, 'phone-people-sorted');
  });

  it('moves a deal to another phase with the picker on its card, and shows the deals list as cards', async () => {
    await openMenu();
    await menu().getByRole('link', { name: 'Deals' }).tap();
    await page.waitForURL(/\/deals$/);
    const card = page.getByTestId('deal-card').filter({ hasText: 'Phone deal' });
    await card.waitFor();
    await expectNoSidewaysScroll('deal board');
    const picker = card.getByLabel('Move to phase');
    const height = (await picker.boundingBox())!.height;
    expect(height).toBeGreaterThanOrEqual(44);
    await picker.selectOption({ label: 'Qualified' });
    await page.getByTestId('phase-Qualified').getByTestId('deal-card').filter({ hasText: 'Phone deal' }).waitFor();
    await expect(page.locator('dialog[open]').count()).resolves.toBe(0);
    await screenshot(page, 'phone-deals');
    await page.reload();
    await page.getByTestId('phase-Qualified').getByTestId('deal-card').filter({ hasText: 'Phone deal' }).waitFor();

    await page.getByRole('button', { name: 'List' }).tap();
    const row = page.getByTestId('deal-list').locator('tr', { hasText: 'Phone deal' });
    // A card, each line named by its column (the name drawn from data-label).
    await expect(row.locator('td[data-label=Phase]').textContent()).resolves.toBe('Qualified');
    await expect(row.evaluate((tr) => getComputedStyle(tr).display)).resolves.toBe('block');
    await expect(row.locator('td[data-label=Phase]').evaluate((td) => getComputedStyle(td, '::before').content)).resolves.toBe('"Phase: "');
    await expectNoSidewaysScroll('deal list');
  });

  it('opens a dialog at the full width of the screen, its form in one column', async () => {
    await page.goto(`${baseUrl}/a/${northSlug}/companies`);
    await page.getByTestId('companies-list').waitFor();
    await page.getByRole('button', { name: 'New company' }).first().tap();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('input[name=name]').waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.width).toBe(390);
    const input = (await dialog.locator('input[name=name]').boundingBox())!;
    expect(input.width).toBeGreaterThan(300);
    await expectNoSidewaysScroll('new company');
    await screenshot(page, 'phone-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).tap();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('scrolls no screen sideways', async () => {
    const sections = ['my-work', 'search', 'people', 'companies', 'deals', 'tasks', 'tags', 'imports', 'team', 'overview', 'billing', 'integrations', 'fields', 'audit'];
    for (const section of sections) {
      await page.goto(`${baseUrl}/a/${northSlug}/${section}`);
      await page.locator('[data-testid=workspace] h1').first().waitFor();
      await settled();
      await expectNoSidewaysScroll(section);
    }
    await page.goto(`${baseUrl}/a/${northSlug}/people/${personId}`);
    await page.getByTestId('timeline').waitFor();
    await expectNoSidewaysScroll('person page');
    for (const path of ['/profile', '/accounts']) {
      await page.goto(`${baseUrl}${path}`);
      await page.locator('h1').first().waitFor();
      await expectNoSidewaysScroll(path);
    }
    await page.goto(`${baseUrl}/a/${northSlug}/my-work`);
    await page.getByTestId('my-work-task').first().waitFor();
    await screenshot(page, 'phone-my-work');
  }, 180_000);

  it('logs out from the menu', async () => {
    await page.goto(`${baseUrl}/a/${northSlug}/people`);
    await page.getByTestId('people-list').waitFor();
    await openMenu();
    await menu().getByRole('button', { name: 'Log out' }).tap();
    await page.waitForURL(/\/login$/);
    await expectNoSidewaysScroll('log-in after log-out');
    for (const path of ['/pricing', '/signup']) {
      await page.goto(`${baseUrl}${path}`);
      await page.locator('h1').first().waitFor();
      await expectNoSidewaysScroll(path);
    }
  });
});
