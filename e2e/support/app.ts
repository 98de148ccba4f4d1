import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { inject } from 'vitest';
import type { Download, Page } from 'playwright-core';

export const password = 'correct horse battery';

/** Names unique to this run, so that tests never collide on e-mails or account slugs. */
export function unique(prefix: string): string {
  return `${prefix} ${randomBytes(3).toString('hex')}`;
}

/** An e-mail address unique to this run. */
export const uniqueAddress = (prefix: string) => `${unique(prefix).replace(' ', '-')}@example.com`;

/** Logs in through the form; with `code`, answers the second factor's question that follows. */
export async function logInThroughForm(page: Page, baseUrl: string, email: string, code?: string) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  if (code) {
    await page.locator('input[name=twoFactorCode]').fill(code);
    await page.locator('form button[type=submit]').click();
  }
}

/** A new account's slug as a pattern: its name, then a random suffix (server: accounts/slug.ts). */
export function slugPattern(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base}-[a-z2-9]{6}`;
}

/** Waits until the page shows `section` of the account named `name`, and returns that account's slug (read from the URL). */
export async function landedIn(page: Page, name: string, section = 'people'): Promise<string> {
  const url = new RegExp(`/a/(${slugPattern(name)})/${section}$`);
  await page.waitForURL(url);
  return url.exec(page.url())![1]!;
}

/** Fills and sends the sign-up form, starting from the pricing page as a visitor does. */
export async function signUpThroughForm(
  page: Page,
  baseUrl: string,
  input: { email: string; accountName: string; plan?: string; firstName?: string; lastName?: string },
) {
  await page.goto(`${baseUrl}/pricing`);
  await page.getByTestId(`plan-${input.plan ?? 'TEAM'}`).getByRole('link').click();
  await page.waitForURL(/\/signup/);
  await page.locator('input[name=firstName]').fill(input.firstName ?? 'Tess');
  await page.locator('input[name=lastName]').fill(input.lastName ?? 'Tester');
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

/** Adds a person through the "new person" dialog and waits until the list shows them. */
export async function createPerson(page: Page, firstName: string, lastName: string) {
  await page.getByRole('button', { name: /new person|neue person|nueva persona/i }).first().click();
  const dialog = page.locator('dialog[open]');
  await dialog.locator('input[name=firstName]').fill(firstName);
  await dialog.locator('input[name=lastName]').fill(lastName);
  await dialog.locator('button[type=submit]').click();
  await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
  await page.locator('dialog[open]').waitFor({ state: 'hidden' });
  await page.locator('.person-name', { hasText: `${firstName} ${lastName}` }).waitFor();
}

/** The names in the people list once it is on screen (or an empty list for the empty state). */
export async function peopleOnScreen(page: Page): Promise<string[]> {
  await page.locator('[data-testid=people-list], [data-testid=people] [data-testid=empty]').first().waitFor();
  return (await page.locator('.person-name').allTextContents()).map((s) => s.trim());
}

/** A GraphQL call from the test itself (not the browser), e.g. to read the outbox as an integrator would. */
export async function api<T = any>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** The invitation link mailed to `to`, read from the account's outbox (the server keeps mail there without SMTP). */
export async function invitationLinkFromOutbox(baseUrl: string, owner: { email: string; accountSlug: string }, to: string): Promise<string> {
  const { logIn } = await api(baseUrl, 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }', { e: owner.email, p: password });
  const { me } = await api(baseUrl, '{ me { memberships { account { id slug } } } }', {}, logIn.accessToken);
  const account = me.memberships.find((m: { account: { slug: string } }) => m.account.slug === owner.accountSlug).account;
  const { switchAccount } = await api(baseUrl, 'mutation($id: ID!) { switchAccount(accountId: $id) { accessToken } }', { id: account.id }, logIn.accessToken);
  const { outbox } = await api(baseUrl, '{ outbox { to text } }', {}, switchAccount.accessToken);
  const mail = outbox.find((m: { to: string }) => m.to === to);
  const link = /https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]+/.exec(mail?.text ?? '')?.[0];
  if (!link) throw new Error(`no invitation link to ${to} in the outbox: ${JSON.stringify(outbox)}`);
  // The mail names the server's public URL; the test's server listens elsewhere.
  return new URL(link).pathname;
}

/**
 * The newest link mailed to `to` whose path starts with `/<route>/` (e.g.
 * `verify-email`, `reset-password`), as a path. Without SMTP the server keeps
 * mail in its outbox and writes it to its log; no API shows such a mail to
 * anyone, so the test reads the log as the operator of a server without mail
 * would.
 */
export async function mailedLinkFromLog(to: string, route: string): Promise<string> {
  const pattern = new RegExp(`https?://\\S+/${route}/[A-Za-z0-9_-]+`);
  // The log line reaches the file a moment after the answer that caused it: look again for a few seconds.
  for (const deadline = Date.now() + 5000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const lines = (await fs.readFile(inject('serverLog'), 'utf8')).split('\n').reverse();
    for (const line of lines) {
      if (!line.includes(`/${route}/`)) continue;
      let entry: { to?: string; text?: string };
      try {
        entry = JSON.parse(line);
      } catch {
        continue; // A line still being written.
      }
      const link = entry.to?.toLowerCase() === to.toLowerCase() && pattern.exec(entry.text ?? '')?.[0];
      // The mail names the server's public URL; the test's server listens elsewhere.
      if (link) return new URL(link).pathname;
    }
    if (Date.now() > deadline) throw new Error(`no /${route}/ mail to ${to} in the server's log`);
  }
}

/** The newest e-mail verification link mailed to `to` (`/verify-email/<token>`). */
export const verificationLinkFromLog = (to: string): Promise<string> => mailedLinkFromLog(to, 'verify-email');

/** Confirms the address of `to` through its mailed link, for tests about something that needs it (inviting, a second account). */
export async function verifyEmailByLink(baseUrl: string, to: string): Promise<void> {
  const token = (await verificationLinkFromLog(to)).split('/').pop();
  await api(baseUrl, 'mutation($token: String!) { verifyEmail(token: $token) { id } }', { token });
}

/**
 * Signs up through the API in the page's own cookie jar, as the sign-up form
 * would: the page is then signed in. Returns the token and the new account's slug.
 */
export async function signUpInPage(page: Page, baseUrl: string, input: { email: string; accountName: string }): Promise<{ accessToken: string; slug: string }> {
  const signUp = await page.request.post(`${baseUrl}/graphql`, {
    data: {
      query: 'mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken account { slug } } } }',
      variables: { input: { email: input.email, password, accountName: input.accountName, planCode: 'TEAM' } },
    },
  });
  const { auth } = (await signUp.json()).data.signUp;
  return { accessToken: auth.accessToken, slug: auth.account.slug };
}

/** As `signUpInPage`, and creates one person in the new account. Returns the new account's slug. */
export async function signUpInPageWithPerson(page: Page, baseUrl: string, input: { email: string; accountName: string; person: { firstName: string; lastName: string } }): Promise<string> {
  const { accessToken, slug } = await signUpInPage(page, baseUrl, input);
  await page.request.post(`${baseUrl}/graphql`, {
    headers: { authorization: `Bearer ${accessToken}` },
    data: { query: 'mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }', variables: { input: input.person } },
  });
  return slug;
}

/** What the browser downloaded, as text. */
export async function downloadedText(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
