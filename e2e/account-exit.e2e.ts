import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, createPerson, password, peopleOnScreen, unique, verifyEmailByLink, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
const email = (prefix: string) => `${unique(prefix).replace(' ', '-')}@example.com`;

// The owner's team account, which the member joins and leaves, and which the owner deletes at the end.
const ownerEmail = email('exit-owner');
const team = unique('Exit Team');
const memberEmail = email('exit-member');
const memberHome = unique('Member Home');

let browser: Browser;
const contexts: BrowserContext[] = [];

async function newTab(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB' });
  contexts.push(context);
  return context.newPage();
}

async function logIn(page: Page, address: string) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[name=email]').fill(address);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
}

/** Each account's slug, as its sign-up answered (a slug is its name and a random suffix). */
const slugs = new Map<string, string>();
const slugOf = (accountName: string) => slugs.get(accountName)!;

const signUp = (address: string, accountName: string) =>
  api(baseUrl, 'mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken account { slug } } } }', {
    input: { email: address, password, accountName, planCode: 'TEAM' },
  }).then((data) => {
    slugs.set(accountName, data.signUp.auth.account.slug);
    return data.signUp.auth.accessToken as string;
  });

const switcher = (page: Page) => page.getByTestId('account-switcher');
const dialog = (page: Page) => page.locator('dialog[open]');

beforeAll(async () => {
  browser = await launchBrowser();
  // The owner invites the member, who has an account of their own, and the member accepts.
  const ownerToken = await signUp(ownerEmail, team);
  const memberToken = await signUp(memberEmail, memberHome);
  // Inviting, and seeing an invitation among one's pending ones, need a confirmed address.
  await verifyEmailByLink(baseUrl, ownerEmail);
  await verifyEmailByLink(baseUrl, memberEmail);
  await api(baseUrl, 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }', { input: { email: memberEmail, firstName: 'Mia', lastName: 'Member', role: 'NORMAL' } }, ownerToken);
  const { me } = await api(baseUrl, '{ me { pendingInvitations { id accountName } } }', {}, memberToken);
  const invitation = me.pendingInvitations.find((i: { accountName: string }) => i.accountName === team);
  await api(baseUrl, 'mutation($id: ID!) { acceptInvitation(invitationId: $id) { accessToken } }', { id: invitation.id }, memberToken);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe('leaving an account', () => {
  it('a member leaves after confirming, lands in their other account, and the left one is gone from the switcher; a stale tab shows no access', async () => {
    const page = await newTab();
    await logIn(page, memberEmail);
    await page.waitForURL(/\/a\//);
    await page.goto(`${baseUrl}/a/${slugOf(team)}/people`);
    await waitForAccount(page, team);
    await createPerson(page, 'Lena', 'Left');
    // A second tab of the same login, still in the team account when the first one leaves.
    const stale = await page.context().newPage();
    await stale.goto(`${baseUrl}/a/${slugOf(team)}/people`);
    await waitForAccount(stale, team);

    await page.locator('.account-bar__section', { hasText: 'Team' }).click();
    const exit = page.getByTestId('account-exit');
    await expect(exit.getByRole('button', { name: 'Delete this account' }).count()).resolves.toBe(0);

    // Cancel changes nothing.
    await exit.getByRole('button', { name: 'Leave this account' }).click();
    await expect(dialog(page).locator('h2').textContent()).resolves.toBe(`Leave “${team}”?`);
    await expect(dialog(page).textContent()).resolves.toContain('people, companies, deals and open tasks are handed over to the owner');
    await screenshot(page, 'leave-account');
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    await dialog(page).waitFor({ state: 'detached' });
    await expect(switcher(page).textContent()).resolves.toContain(team);

    await exit.getByRole('button', { name: 'Leave this account' }).click();
    await dialog(page).getByRole('button', { name: 'Leave account' }).click();
    await page.waitForURL(new RegExp(`/a/${slugOf(memberHome)}(/|$)`));
    await waitForAccount(page, memberHome);
    await expect(switcher(page).textContent()).resolves.not.toContain(team);

    // The stale tab finds out on its next request and says so instead of failing.
    await stale.locator('.account-bar__section', { hasText: 'Companies' }).click();
    await stale.getByTestId('no-access').waitFor();
    await expect(switcher(stale).textContent()).resolves.not.toContain(team);
    await screenshot(stale, 'left-account-stale-tab');

    // A deep link into the left account: no access, the user's accounts offered instead.
    await page.goto(`${baseUrl}/a/${slugOf(team)}/people`);
    await page.getByTestId('no-access').waitFor();
    await page.getByTestId('my-accounts').getByText(memberHome).waitFor();
  });

  it("hands the member's records to the owner, who is offered no 'leave'", async () => {
    const page = await newTab();
    await logIn(page, ownerEmail);
    await waitForAccount(page, team);
    await expect(peopleOnScreen(page)).resolves.toEqual(['Lena Left']);
    await page.locator('.account-bar__section', { hasText: 'Team' }).click();
    const exit = page.getByTestId('account-exit');
    await exit.getByTestId('owner-cannot-leave').waitFor();
    await expect(exit.textContent()).resolves.toContain('Make another member the owner first');
    await expect(exit.getByRole('button', { name: 'Leave this account' }).count()).resolves.toBe(0);
    await page.context().close();
  });
});

describe('deleting an account', () => {
  it('the owner must type the name; a name the server refuses is shown inline and nothing is deleted', async () => {
    const page = await newTab();
    await logIn(page, ownerEmail);
    await waitForAccount(page, team);
    await page.locator('.account-bar__section', { hasText: 'Team' }).click();
    await page.getByTestId('account-exit').getByRole('button', { name: 'Delete this account' }).click();
    const confirm = dialog(page).getByRole('button', { name: 'Delete account' });
    const name = dialog(page).locator('input[name=confirmName]');
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await name.fill(team.slice(0, -1));
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await name.fill(team.toUpperCase());
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await name.fill(team);
    await expect(confirm.isDisabled()).resolves.toBe(false);

    // The server checks the name too: a request that carries another one is refused and shown next to the field.
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { operationName?: string; variables?: Record<string, unknown> };
      if (body.operationName !== 'DeleteAccount') return route.continue();
      return route.continue({ postData: JSON.stringify({ ...body, variables: { confirmName: 'Not the name' } }) });
    });
    await confirm.click();
    await dialog(page).locator('.field__error').filter({ hasText: "Type the account's name exactly" }).waitFor();
    await screenshot(page, 'delete-account-refused');
    await page.unroute('**/graphql');
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    await dialog(page).waitFor({ state: 'detached' });
    await page.reload();
    await waitForAccount(page, team);
    await page.getByTestId('members').waitFor();
  });

  it('deletes the account after its name is typed; the owner lands on the choice of accounts and the account is gone', async () => {
    const page = await newTab();
    await logIn(page, ownerEmail);
    await waitForAccount(page, team);
    const stale = await page.context().newPage();
    await stale.goto(`${baseUrl}/a/${slugOf(team)}/people`);
    await waitForAccount(stale, team);

    await page.locator('.account-bar__section', { hasText: 'Team' }).click();
    await page.getByTestId('account-exit').getByRole('button', { name: 'Delete this account' }).click();
    await dialog(page).locator('input[name=confirmName]').fill(team);
    await screenshot(page, 'delete-account');
    await dialog(page).getByRole('button', { name: 'Delete account' }).click();
    // The owner had no other account: choose or create one.
    await page.waitForURL(`${baseUrl}/accounts`);
    await page.getByTestId('empty').getByText('You are not a member of any account yet.').waitFor();
    await page.getByRole('button', { name: 'Create account' }).waitFor();

    // Its data is gone: a deep link and the other tab show no access.
    await stale.locator('.account-bar__section', { hasText: 'Companies' }).click();
    await stale.getByTestId('no-access').waitFor();
    await page.goto(`${baseUrl}/a/${slugOf(team)}/people`);
    await page.getByTestId('no-access').waitFor();
    await expect(api(baseUrl, 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { account { slug } } }', { e: ownerEmail, p: password })).resolves.toEqual({
      logIn: { account: null },
    });
  });
});
