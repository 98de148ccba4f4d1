import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { createPerson, invitationLinkFromOutbox, password, peopleOnScreen, signUpThroughForm, landedIn, unique, verifyEmailByLink, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;

// One login used through the file: the tests build on each other, as a user's first minutes would.
const email = `${unique('owner').replace(' ', '-')}@example.com`;
const first = unique('Alpha GmbH');
const second = unique('Beta AG');
// Read from the URL once each account exists: a slug is its name and a random suffix.
let firstSlug: string;
let secondSlug: string;
const strangerEmail = `${unique('stranger').replace(' ', '-')}@example.com`;
const strangerAccount = unique('Gamma SL');

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'en-GB' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('accounts in the browser', () => {
  it('signs up from the pricing page and lands in the new account', async () => {
    await page.goto(`${baseUrl}/pricing`);
    await page.getByTestId('plan-SOLO').waitFor();
    await screenshot(page, 'pricing');
    await signUpThroughForm(page, baseUrl, { email, accountName: first });
    firstSlug = await landedIn(page, first);
    await waitForAccount(page, first);
    await page.getByTestId('people').getByTestId('empty').waitFor();
    await screenshot(page, 'people-empty');
    await createPerson(page, 'Anna', 'Alpha');
    await screenshot(page, 'people');
    // A second account and invitations need a confirmed address (verification.e2e.ts confirms one in the browser).
    await verifyEmailByLink(baseUrl, email);
  });

  it('signs up again with the same e-mail and password, and creates a second account with one click', async () => {
    // Another browser, not signed in: the password proves the known e-mail.
    const elsewhere = await browser.newContext({ locale: 'en-GB' });
    const other = await elsewhere.newPage();
    await signUpThroughForm(other, baseUrl, { email, accountName: second, plan: 'SOLO' });
    await other.waitForURL(/\/welcome-back$/);
    await other.getByTestId('my-accounts').getByText(first).waitFor();
    await screenshot(other, 'existing-login');
    await other.getByRole('button', { name: 'Create account' }).click();
    secondSlug = await landedIn(other, second);
    await waitForAccount(other, second);
    const accounts = other.getByTestId('account-switcher').locator('a');
    await expect(accounts.allTextContents()).resolves.toEqual([`A${first}`, `B${second}`]);
    await elsewhere.close();

    // Signed in already, choosing a package leads to the same choice, without the password.
    const signedIn = await context.newPage();
    await signedIn.goto(`${baseUrl}/pricing`);
    await signedIn.getByTestId('plan-SOLO').getByRole('link').click();
    await signedIn.waitForURL(/\/welcome-back$/);
    await expect(signedIn.locator('h1').textContent()).resolves.toBe('New account');
    await signedIn.getByTestId('my-accounts').getByText(second).waitFor();
    await signedIn.close();
  });

  it('refuses a known e-mail with a wrong password next to the password field, creating nothing', async () => {
    const visitor = await browser.newContext({ locale: 'en-GB' });
    const tab = await visitor.newPage();
    await tab.goto(`${baseUrl}/signup?plan=TEAM`);
    await tab.locator('input[name=email]').fill(email);
    await tab.locator('input[name=password]').fill('not the password at all');
    await tab.locator('input[name=accountName]').fill('Sneaky');
    await tab.locator('form button[type=submit]').click();
    const error = tab.locator('.field', { has: tab.locator('input[name=password]') }).locator('.field__error');
    await expect(error.textContent()).resolves.toBe('The e-mail address or the password is wrong.');
    await tab.locator('input[name=email]').fill('not-an-address');
    await tab.locator('form button[type=submit]').click();
    await tab.locator('.field', { has: tab.locator('input[name=email]') }).locator('.field__error').waitFor();
    await screenshot(tab, 'sign-up-errors');
    await visitor.close();
  });

  it("switches accounts in place from the account bar, without a reload, showing only that account's people", async () => {
    await page.reload();
    await waitForAccount(page, first);
    await expect(peopleOnScreen(page)).resolves.toEqual(['Anna Alpha']);
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));
    await page.getByTestId('account-switcher').getByText(second).click();
    await page.waitForURL(`${baseUrl}/a/${secondSlug}/people`);
    await waitForAccount(page, second);
    await expect(peopleOnScreen(page)).resolves.toEqual([]);
    await createPerson(page, 'Bruno', 'Beta');
    await expect(peopleOnScreen(page)).resolves.toEqual(['Bruno Beta']);
    await expect(page.evaluate(() => (window as unknown as { marker?: string }).marker)).resolves.toBe('same document');
    // Nothing of the other account is left in this tab's cache.
    const cached = await page.evaluate(() => document.body.innerText);
    expect(cached).not.toContain('Anna Alpha');
    await page.getByTestId('account-switcher').getByText(first).click();
    await waitForAccount(page, first);
    await expect(peopleOnScreen(page)).resolves.toEqual(['Anna Alpha']);
    await page.locator('.person-name', { hasText: 'Anna Alpha' }).click();
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.locator('dialog[open] input[name=position]').fill('Managing Director');
    await page.locator('dialog[open] button[type=submit]').click();
    await page.getByTestId('person').locator('.facts').getByText('Managing Director').waitFor();
    await page.getByTestId('timeline').getByText(/^Changed: /).waitFor();
    await page.getByTestId('new-task').locator('input[name=title]').fill('Call back about the offer');
    await page.getByTestId('new-task').locator('button[type=submit]').click();
    const task = page.getByTestId('task').filter({ hasText: 'Call back about the offer' });
    await task.waitFor();
    await page.getByTestId('notes').locator('textarea').fill('Prefers e-mail to phone calls.');
    await page.getByTestId('notes').getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('note').filter({ hasText: 'Prefers e-mail to phone calls.' }).waitFor();
    await task.locator('input[type=checkbox]').check();
    await page.getByTestId('timeline').getByText('Task done: Call back about the offer').waitFor();
    await screenshot(page, 'person');
    await page.goBack();
  });

  it('works in two accounts in two tabs at once', async () => {
    const tabB = await context.newPage();
    await tabB.goto(`${baseUrl}/a/${secondSlug}/people`);
    await waitForAccount(tabB, second);
    await expect(peopleOnScreen(tabB)).resolves.toEqual(['Bruno Beta']);
    // An action in each tab lands in that tab's account only.
    await createPerson(page, 'Alma', 'Alpha');
    await createPerson(tabB, 'Alba', 'Beta');
    await expect(peopleOnScreen(page)).resolves.toEqual(['Alma Alpha', 'Anna Alpha']);
    await expect(peopleOnScreen(tabB)).resolves.toEqual(['Alba Beta', 'Bruno Beta']);
    // A reload refreshes the shared cookie; each tab stays in its own account.
    await page.reload();
    await waitForAccount(page, first);
    await expect(peopleOnScreen(page)).resolves.toEqual(['Alma Alpha', 'Anna Alpha']);
    await tabB.reload();
    await waitForAccount(tabB, second);
    await expect(peopleOnScreen(tabB)).resolves.toEqual(['Alba Beta', 'Bruno Beta']);
    await screenshot(tabB, 'second-tab');
    await tabB.close();
  });

  it('shows "no access" for a deep link into an account of someone else, with the way back', async () => {
    const stranger = await browser.newContext({ locale: 'en-GB' });
    const tab = await stranger.newPage();
    const own = strangerAccount;
    await signUpThroughForm(tab, baseUrl, { email: strangerEmail, accountName: own });
    await landedIn(tab, own);
    await tab.goto(`${baseUrl}/a/${firstSlug}/people`);
    await tab.getByTestId('no-access').waitFor();
    await expect(tab.locator('h1').first().textContent()).resolves.toBe('No access to this account');
    await expect(tab.getByText(first).count()).resolves.toBe(0);
    await expect(tab.getByText('Anna Alpha').count()).resolves.toBe(0);
    await screenshot(tab, 'no-access');
    await tab.getByTestId('no-access').getByText(own).click();
    await waitForAccount(tab, own);
    await stranger.close();
  });

  it('stays signed in across a reload, logs out, and logs in again', async () => {
    await page.reload();
    await waitForAccount(page, first);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${baseUrl}/a/${firstSlug}/people`);
    await page.waitForURL(/\/login\?next=/);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${baseUrl}/a/${firstSlug}/people`, { timeout: 8000 }).catch(async (e) => {
      console.log(`after log-in the tab is at ${page.url()} showing:\n${await page.locator('body').innerText()}`);
      throw e;
    });
    await waitForAccount(page, first);
    await expect(peopleOnScreen(page)).resolves.toEqual(['Alma Alpha', 'Anna Alpha']);
  });

  it('keeps companies, and moves a deal on the board by dragging it to another phase', async () => {
    await page.locator('.account-bar__section', { hasText: 'Companies' }).click();
    await page.getByRole('button', { name: 'New company' }).first().click();
    await page.locator('dialog[open] input[name=name]').fill('Nordwind GmbH');
    await page.locator('dialog[open] button[type=submit]').click();
    await page.getByTestId('companies-list').getByText('Nordwind GmbH').waitFor();
    await screenshot(page, 'companies');

    await page.locator('.account-bar__section', { hasText: 'Deals' }).click();
    await page.getByTestId('phase-Lead').waitFor();
    await page.getByRole('button', { name: 'New deal' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('input[name=title]').fill('Website relaunch');
    await dialog.locator('input[name=amount]').fill('12500');
    await dialog.locator('select[name=companyId]').selectOption({ label: 'Nordwind GmbH' });
    await dialog.locator('button[type=submit]').click();
    const card = page.getByTestId('phase-Lead').getByTestId('deal-card').filter({ hasText: 'Website relaunch' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('€12,500');

    const saved = page.waitForResponse((r) => r.request().postData()?.includes('MoveDeal') === true);
    await card.dragTo(page.getByTestId('phase-Proposal'));
    await page.getByTestId('phase-Proposal').getByText('Website relaunch').waitFor();
    expect((await saved).ok()).toBe(true);
    await screenshot(page, 'deals-board');
    await page.reload();
    await page.getByTestId('phase-Proposal').getByText('Website relaunch').waitFor();
    await expect(page.getByTestId('phase-Lead').getByTestId('deal-card').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'List' }).click();
    await expect(page.getByTestId('deal-list').locator('tbody tr').first().textContent()).resolves.toContain('Proposal');
  });

  it('searches across all accounts, grouped by account, and opening a hit switches there', async () => {
    await page.locator('.account-bar__section', { hasText: 'Search' }).click();
    await page.getByRole('button', { name: 'All my accounts' }).click();
    await page.getByTestId('search').locator('input[type=search]').fill('al');
    const groups = page.getByTestId('search-group');
    await groups.nth(1).waitFor();
    await expect(groups.locator('h2').allTextContents()).resolves.toEqual(expect.arrayContaining([first, second]));
    await expect(groups.filter({ hasText: first }).locator('.hit__title').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['Alma Alpha', 'Anna Alpha']),
    );
    await screenshot(page, 'search-all-accounts');
    await groups.filter({ hasText: second }).getByText('Alba Beta').click();
    await page.waitForURL(new RegExp(`/a/${secondSlug}/people/[0-9a-f-]{36}$`));
    await waitForAccount(page, second);
    await expect(page.getByTestId('person').locator('h1').textContent()).resolves.toBe('Alba Beta');
  });

  it('keeps "All my accounts" when the query is typed at once after the click', async () => {
    await page.locator('.account-bar__section', { hasText: 'Search' }).click();
    await page.getByRole('button', { name: 'This account' }).click();
    await page.getByTestId('search').locator('input[type=search]').fill('');
    // The click and the first letter in one task, before the page can re-render: what a fast typist (or a loaded
    // machine) does.
    await page.getByTestId('search').evaluate((section) => {
      const everywhere = Array.from(section.querySelectorAll('button')).find((button) => button.textContent === 'All my accounts')!;
      everywhere.click();
      const input = section.querySelector<HTMLInputElement>('input[type=search]')!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, 'al');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.getByTestId('search-group').nth(1).waitFor();
    await expect(page.getByRole('button', { name: 'All my accounts' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.getByTestId('search').locator('input[type=search]').inputValue()).resolves.toBe('al');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ q: 'al', in: 'all' });
  });

  it('invites a user, who accepts through the link from the outbox and then appears among the members', async () => {
    const invitee = `${unique('invitee').replace(' ', '-')}@example.com`;
    await page.goto(`${baseUrl}/a/${firstSlug}/team`);
    await waitForAccount(page, first);
    await page.getByTestId('members').getByText(email).waitFor();
    const form = page.getByTestId('invite-form');
    await form.locator('input[name=firstName]').fill('Ina');
    await form.locator('input[name=lastName]').fill('Vited');
    await form.locator('input[name=email]').fill(invitee);
    await form.locator('select[name=role]').selectOption('NORMAL');
    await form.locator('button[type=submit]').click();
    await page.getByTestId('invitations').getByText(invitee).waitFor();
    await screenshot(page, 'team');

    const link = await invitationLinkFromOutbox(baseUrl, { email, accountSlug: firstSlug }, invitee);
    const inviteeContext = await browser.newContext({ locale: 'en-GB' });
    const tab = await inviteeContext.newPage();
    await tab.goto(`${baseUrl}${link}`);
    await tab.getByTestId('invitation').waitFor();
    await screenshot(tab, 'invitation');
    await tab.locator('input[name=email]').fill(invitee);
    await tab.locator('input[name=password]').fill(password);
    await tab.locator('input[name=name]').fill('Ina Vited');
    await tab.locator('form button[type=submit]').click();
    await tab.waitForURL(`${baseUrl}/a/${firstSlug}/people`);
    await waitForAccount(tab, first);
    await expect(peopleOnScreen(tab)).resolves.toEqual(['Alma Alpha', 'Anna Alpha']);
    // A NORMAL member sees the team but not the means to manage it.
    await tab.locator('.account-bar__section', { hasText: 'Team' }).click();
    await tab.getByTestId('members').getByText('Ina Vited').waitFor();
    await expect(tab.getByTestId('invite-form').count()).resolves.toBe(0);
    await inviteeContext.close();

    await page.reload();
    await page.getByTestId('members').getByText('Ina Vited').waitFor();
    await expect(page.getByTestId('invitations').getByText(invitee).count()).resolves.toBe(0);
  });

  it('changes the package on the billing screen, refused while usage exceeds the smaller one', async () => {
    await page.locator('.account-bar__section', { hasText: 'Billing' }).click();
    await expect(page.getByTestId('current-plan').textContent()).resolves.toContain('Team');
    await page.locator('select[name=planCode]').selectOption('SOLO');
    await expect(page.getByTestId('plan-preview').textContent()).resolves.toContain('users (2 / 1)');
    await expect(page.getByRole('button', { name: 'Change package' }).isDisabled()).resolves.toBe(true);
    await page.locator('select[name=planCode]').selectOption('BUSINESS');
    await page.getByTestId('plan-preview').filter({ hasText: "This month's invoice changes by" }).waitFor();
    await page.getByRole('button', { name: 'Change package' }).click();
    await page.getByTestId('current-plan').filter({ hasText: 'Business' }).waitFor();
    await screenshot(page, 'billing');
  });

  it('offers a pending invitation in the account bar of a user who already has a login; accepting opens the account', async () => {
    await page.locator('.account-bar__section', { hasText: 'Team' }).click();
    const form = page.getByTestId('invite-form');
    await form.locator('input[name=firstName]').fill('Gus');
    await form.locator('input[name=lastName]').fill('Gamma');
    await form.locator('input[name=email]').fill(strangerEmail);
    await form.locator('select[name=role]').selectOption('EXTENDED');
    await form.locator('button[type=submit]').click();
    await page.getByTestId('invitations').getByText(strangerEmail).waitFor();

    // Only a confirmed address sees the invitations sent to it.
    await verifyEmailByLink(baseUrl, strangerEmail);
    const strangerContext = await browser.newContext({ locale: 'en-GB' });
    const tab = await strangerContext.newPage();
    await tab.goto(`${baseUrl}/login`);
    await tab.locator('input[name=email]').fill(strangerEmail);
    await tab.locator('input[name=password]').fill(password);
    await tab.locator('form button[type=submit]').click();
    await waitForAccount(tab, strangerAccount);
    const pending = tab.getByTestId('pending-invitations');
    await pending.getByText(first).waitFor();
    await screenshot(tab, 'pending-invitation');
    await pending.getByRole('button', { name: 'Accept' }).click();
    await tab.waitForURL(`${baseUrl}/a/${firstSlug}/people`);
    await waitForAccount(tab, first);
    await expect(peopleOnScreen(tab)).resolves.toEqual(['Alma Alpha', 'Anna Alpha']);
    await expect(tab.getByTestId('pending-invitations').count()).resolves.toBe(0);
    await strangerContext.close();
  });
});
