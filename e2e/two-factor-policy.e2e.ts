import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { api, logInThroughForm, unique, uniqueAddress, waitForAccount } from './support/app.js';
import { codeOf, teamWithMemberWithoutSecondFactor } from './support/two-factor.js';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});


async function logIn(page: Page, email: string, code?: string) {
  await logInThroughForm(page, baseUrl, email, code);
  await page.waitForURL(/\/a\//);
}

describe('an account that requires two-factor authentication', () => {
  it('is switched on by its owner; a member without a second factor sets one up in place and goes on, while their other account keeps working', async () => {
    const team = unique('Strict Team');
    const home = unique('Member Home');
    const ownerEmail = uniqueAddress('strict-owner');
    const memberEmail = uniqueAddress('strict-member');
    // The owner has a second factor (set up through the API here; the profile's screens have their own test).
    const { owner, member, ownerSecret } = await teamWithMemberWithoutSecondFactor(baseUrl, { team, home, ownerEmail, memberEmail, memberName: ['Max', 'Member'] });

    // The member works in the team's account in one tab and in their own in another.
    const memberContext = await browser.newContext({ locale: 'en-GB' });
    const teamTab = await memberContext.newPage();
    await logIn(teamTab, memberEmail);
    await teamTab.goto(`${baseUrl}/a/${owner.account.slug}/people`);
    await waitForAccount(teamTab, team);
    const homeTab = await memberContext.newPage();
    await homeTab.goto(`${baseUrl}/a/${member.account.slug}/people`);
    await waitForAccount(homeTab, home);

    // The owner turns the policy on from the team screen, which shows who has a second factor.
    const ownerContext = await browser.newContext({ locale: 'en-GB' });
    const ownerPage = await ownerContext.newPage();
    await logIn(ownerPage, ownerEmail, codeOf(ownerSecret, 1));
    await ownerPage.goto(`${baseUrl}/a/${owner.account.slug}/team`);
    const policy = ownerPage.getByTestId('two-factor-policy');
    await policy.getByLabel('Require two-factor authentication of every member').check();
    await expect(policy.getByLabel('Require two-factor authentication of every member').isChecked()).resolves.toBe(true);
    const row = (email: string) => ownerPage.getByTestId('team').locator('tr', { hasText: email }).getByTestId('member-two-factor');
    await expect(row(ownerEmail).textContent()).resolves.toBe('On');
    await expect(row(memberEmail).textContent()).resolves.toBe('Off');
    await screenshot(ownerPage, 'two-factor-policy');

    // The member's next step in the team's tab asks for the set-up, right there.
    await teamTab.locator('.account-bar__section', { hasText: 'Companies' }).click();
    const gate = teamTab.getByTestId('two-factor-required');
    await gate.getByRole('heading', { name: 'This account requires two-factor authentication' }).waitFor();
    // Meanwhile the member's own account, in the other tab, goes on as before.
    await homeTab.locator('.account-bar__section', { hasText: 'Companies' }).click();
    await homeTab.waitForURL(/\/companies$/);
    await homeTab.getByTestId('workspace').getByRole('heading', { name: 'Companies' }).waitFor();
    await expect(homeTab.getByTestId('two-factor-required').count()).resolves.toBe(0);

    await gate.getByTestId('two-factor-qr').waitFor();
    const memberSecret = (await gate.getByTestId('two-factor-secret').textContent())!.trim();
    await gate.locator('input[name=code]').fill(codeOf(memberSecret));
    await gate.getByRole('button', { name: 'Turn on' }).click();
    await screenshot(teamTab, 'two-factor-required-in-place');
    await gate.getByTestId('recovery-codes').getByRole('button', { name: 'I have stored them' }).click();
    await teamTab.getByTestId('workspace').getByRole('heading', { name: 'Companies' }).waitFor();
    await expect(teamTab.getByTestId('two-factor-required').count()).resolves.toBe(0);

    await ownerPage.reload();
    await expect(row(memberEmail).textContent()).resolves.toBe('On');
    await memberContext.close();
    await ownerContext.close();
  });

  it('sends a deep link of a member without a second factor to the set-up, then into the account', async () => {
    const team = unique('Strict Deep');
    const ownerEmail = uniqueAddress('deep-owner');
    const memberEmail = uniqueAddress('deep-member');
    const { owner } = await teamWithMemberWithoutSecondFactor(baseUrl, { team, home: unique('Deep Home'), ownerEmail, memberEmail, memberName: ['Dee', 'Link'] });
    await api(baseUrl, 'mutation { setTwoFactorRequired(required: true) { id } }', {}, owner.accessToken);

    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, memberEmail);
    // Log-in lands in the member's own account; the team's link, opened (and reloaded) directly, asks for the set-up.
    await page.goto(`${baseUrl}/a/${owner.account.slug}/deals`);
    const gate = page.getByTestId('two-factor-required');
    await gate.getByTestId('two-factor-qr').waitFor();
    await page.reload();
    await gate.getByTestId('two-factor-qr').waitFor();
    const secret = (await gate.getByTestId('two-factor-secret').textContent())!.trim();
    await gate.locator('input[name=code]').fill(codeOf(secret));
    await gate.getByRole('button', { name: 'Turn on' }).click();
    await gate.getByTestId('recovery-codes').getByRole('button', { name: 'I have stored them' }).click();
    await waitForAccount(page, team);
    await page.waitForURL(/\/deals$/);
    await context.close();
  });
});
