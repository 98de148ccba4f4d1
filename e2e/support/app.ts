import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';

export const password = 'correct horse battery';

/** Names unique to this run, so that tests never collide on e-mails or account slugs. */
export function unique(prefix: string): string {
  return `${prefix} ${randomBytes(3).toString('hex')}`;
}

export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Fills and sends the sign-up form, starting from the pricing page as a visitor does. */
export async function signUpThroughForm(page: Page, baseUrl: string, input: { email: string; accountName: string; plan?: string }) {
  await page.goto(`${baseUrl}/pricing`);
  await page.getByTestId(`plan-${input.plan ?? 'TEAM'}`).getByRole('link').click();
  await page.waitForURL(/\/signup/);
  await page.locator('input[name=email]').fill(input.email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('input[name=accountName]').fill(input.accountName);
  await page.locator('form button[type=submit]').click();
}

/** Waits until the tab shows the given account's screens (the URL alone is not enough: the switch is async). */
export async function waitForAccount(page: Page, accountName: string) {
  await page.locator('.account-bar__account.is-current', { hasText: accountName }).waitFor();
  await page.locator('[data-testid=workspace] [role=status]').first().waitFor({ state: 'detached' }).catch(() => undefined);
}
