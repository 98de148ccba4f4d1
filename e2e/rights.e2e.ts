import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, password, unique, verifyEmailByLink, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
const email = (prefix: string) => `${unique(prefix).replace(' ', '-')}@example.com`;

// One account with a member of every role; each looks at the same screens.
const team = unique('Rights Team');
const emails = { OWNER: email('rights-owner'), CO_OWNER: email('rights-co'), EXTENDED: email('rights-ext'), NORMAL: email('rights-normal') };
type Role = keyof typeof emails;

// What each role is offered (the rights table, policies/account-rights.ts); everything else is hidden.
const offered: Record<Role, { deletePerson: boolean; billing: boolean; manageTeam: boolean; makeOwner: boolean; exit: 'Delete this account' | 'Leave this account' }> = {
  OWNER: { deletePerson: true, billing: true, manageTeam: true, makeOwner: true, exit: 'Delete this account' },
  CO_OWNER: { deletePerson: true, billing: true, manageTeam: true, makeOwner: false, exit: 'Leave this account' },
  EXTENDED: { deletePerson: true, billing: false, manageTeam: false, makeOwner: false, exit: 'Leave this account' },
  NORMAL: { deletePerson: false, billing: false, manageTeam: false, makeOwner: false, exit: 'Leave this account' },
};

let browser: Browser;
const contexts: BrowserContext[] = [];
let personId: string;
let teamSlug: string;

const signUp = (address: string, accountName: string) =>
  api(baseUrl, 'mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken account { slug } } } }', {
    input: { email: address, password, accountName, planCode: 'BUSINESS' },
  }).then((data) => {
    if (accountName === team) teamSlug = data.signUp.auth.account.slug;
    return data.signUp.auth.accessToken as string;
  });

beforeAll(async () => {
  browser = await launchBrowser();
  const ownerToken = await signUp(emails.OWNER, team);
  await verifyEmailByLink(baseUrl, emails.OWNER);
  for (const role of ['CO_OWNER', 'EXTENDED', 'NORMAL'] as const) {
    const token = await signUp(emails[role], unique(`${role} home`));
    await verifyEmailByLink(baseUrl, emails[role]);
    await api(baseUrl, 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }', { input: { email: emails[role], firstName: role, lastName: 'Member', role } }, ownerToken);
    const { me } = await api(baseUrl, '{ me { pendingInvitations { id accountName } } }', {}, token);
    const invitation = me.pendingInvitations.find((i: { accountName: string }) => i.accountName === team);
    await api(baseUrl, 'mutation($id: ID!) { acceptInvitation(invitationId: $id) { accessToken } }', { id: invitation.id }, token);
  }
  const { createPerson } = await api(baseUrl, 'mutation { createPerson(input: { firstName: "Rita", lastName: "Rights" }) { id } }', {}, ownerToken);
  personId = createPerson.id;
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function logIn(address: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[name=email]').fill(address);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/a\//);
  return page;
}

describe('what each role is offered', () => {
  for (const role of Object.keys(offered) as Role[]) {
    it(`${role} sees exactly the actions its rights allow`, async () => {
      const expected = offered[role];
      const page = await logIn(emails[role]);
      await page.goto(`${baseUrl}/a/${teamSlug}/people/${personId}`);
      await waitForAccount(page, team);
      const person = page.getByTestId('person');
      await person.waitFor();
      await expect(person.getByRole('button', { name: 'Delete' }).count()).resolves.toBe(expected.deletePerson ? 1 : 0);
      await expect(page.locator('.account-bar__section', { hasText: 'Billing' }).count()).resolves.toBe(expected.billing ? 1 : 0);

      await page.locator('.account-bar__section', { hasText: 'Team' }).click();
      const exit = page.getByTestId('account-exit');
      await exit.waitFor();
      const members = page.getByTestId('members');
      await members.waitFor();
      await expect(page.getByRole('heading', { name: 'Invitations' }).count()).resolves.toBe(expected.manageTeam ? 1 : 0);
      // Owners and co-owners change the roles of the others (not the owner's), one select per such member.
      await expect(members.locator('select').count()).resolves.toBe(expected.manageTeam ? (role === 'OWNER' ? 3 : 2) : 0);
      await expect(members.getByRole('button', { name: 'Make owner' }).count()).resolves.toBe(expected.makeOwner ? 3 : 0);
      await expect(exit.getByRole('button').allTextContents()).resolves.toEqual([expected.exit]);
      await screenshot(page, `rights-team-${role.toLowerCase()}`);
    });
  }
});
