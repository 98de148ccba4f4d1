import { databaseUrlOf, type GraphQLResponse } from './test-app.js';
import { withClient } from './test-database.js';

/**
 * A client as a browser tab would be: it keeps the refresh cookie the server
 * sets and sends the access token it was last given.
 */
export class TestClient {
  token: string | undefined;
  cookie: string | undefined;
  /** Sent as User-Agent when set (sessions and security events name the browser from it). */
  userAgent: string | undefined;

  constructor(readonly url: string) {}

  async request<TData = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, operationName?: string): Promise<GraphQLResponse<TData>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.cookie) headers.cookie = this.cookie;
    if (this.userAgent) headers['user-agent'] = this.userAgent;
    const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables, operationName }) });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      this.cookie = /Expires=Thu, 01 Jan 1970/.test(setCookie) ? undefined : pair;
    }
    return (await response.json()) as GraphQLResponse<TData>;
  }

  /** Like `request`, but fails the test on any error and returns the data. */
  async data<TData = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<TData> {
    const result = await this.request<TData>(query, variables);
    if (result.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data!;
  }

  /** A second tab of the same browser: same cookie, its own token. */
  tab(): TestClient {
    const other = new TestClient(this.url);
    other.cookie = this.cookie;
    return other;
  }
}

export const authFields = 'accessToken expiresAt user { id email name } account { id name slug plan { code } }';

export const signUpMutation = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { outcome auth { ${authFields} } } }`;

let counter = 0;
/** A unique e-mail address for a test. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}@example.com`;
}

type SignUpOverrides = Partial<{ email: string; password: string; accountName: string; planCode: string; locale: string }>;

/**
 * Signs up a new user with a new account; the client then holds a token
 * scoped to it. The address is not verified yet, as after a real sign-up.
 */
export async function signUpNew(client: TestClient, overrides: SignUpOverrides = {}) {
  const input = { email: uniqueEmail(), password: 'correct horse battery', accountName: 'Acme', planCode: 'TEAM', ...overrides };
  const data = await client.data(signUpMutation, { input });
  client.token = data.signUp.auth.accessToken;
  return { ...input, auth: data.signUp.auth, outcome: data.signUp.outcome as string };
}

/**
 * Signs up and confirms the address through the mailed link, for tests about
 * what a verified user does (a second account, inviting people).
 */
export async function signUpVerified(client: TestClient, overrides: SignUpOverrides = {}) {
  const signedUp = await signUpNew(client, overrides);
  await verifyEmailOf(client, signedUp.email);
  return signedUp;
}

/**
 * The token of the newest link mailed to `email` whose path starts with
 * `/<route>/` (`verify-email`, `reset-password`, `confirm-email`). Without an
 * SMTP server the mail waits in the outbox table, which stands in for the
 * user's mailbox here (no API shows these mails to anyone).
 */
export async function mailedTokenFor(url: string, email: string, route: string): Promise<string> {
  const text = await withClient(databaseUrlOf(url), async (db) => {
    const { rows } = await db.query<{ body_text: string }>(
      `select body_text from mail_outbox where lower(to_address) = lower($1) and body_text like $2 order by created_at desc limit 1`,
      [email, `%/${route}/%`],
    );
    return rows[0]?.body_text;
  });
  const token = text && new RegExp(`/${route}/([A-Za-z0-9_-]+)`).exec(text)?.[1];
  if (!token) throw new Error(`no /${route}/ mail to ${email} in the outbox`);
  return token;
}

/** The token of the newest verification link mailed to `email`. */
export const verificationTokenFor = (url: string, email: string): Promise<string> => mailedTokenFor(url, email, 'verify-email');

/** Every mail to `email` in the outbox, oldest first. */
export async function mailsTo(url: string, email: string): Promise<{ subject: string; text: string }[]> {
  return withClient(databaseUrlOf(url), async (db) => {
    const { rows } = await db.query<{ subject: string; body_text: string }>(
      `select subject, body_text from mail_outbox where lower(to_address) = lower($1) order by created_at, id`,
      [email],
    );
    return rows.map((r) => ({ subject: r.subject, text: r.body_text }));
  });
}

export const verifyEmailMutation = 'mutation Verify($token: String!) { verifyEmail(token: $token) { id email emailVerified } }';

/**
 * Marks the address verified without a mail, for tests whose server sends
 * real mail over SMTP (so there is no outbox to read) and that are about
 * something else.
 */
export async function markEmailVerifiedInDatabase(url: string, email: string): Promise<void> {
  await withClient(databaseUrlOf(url), (db) => db.query(`update app_user set email_verified_at = now() where lower(email) = lower($1)`, [email]));
}

/** Confirms `email` as its owner would: opens the newest link mailed to it (no log-in needed). */
export async function verifyEmailOf(client: Pick<TestClient, 'url'>, email: string): Promise<void> {
  const token = await verificationTokenFor(client.url, email);
  const visitor = new TestClient(client.url);
  await visitor.data(verifyEmailMutation, { token });
}

/**
 * Makes a second user a member of `accountId` with `role` and returns their
 * client, scoped to it. Writes the membership directly: tests of rights need
 * members without going through invitations.
 */
export async function memberWithRole(url: string, databaseUrl: string, accountId: string, role: string): Promise<TestClient> {
  const { withClient } = await import('./test-database.js');
  const member = new TestClient(url);
  const { auth } = await signUpNew(member, { accountName: `${role.toLowerCase()} home` });
  await withClient(databaseUrl, (db) =>
    db.query(`insert into membership (id, user_id, account_id, role, status) values (gen_random_uuid(), $1, $2, $3, 'ACTIVE')`, [auth.user.id, accountId, role]),
  );
  const switched = await member.data(`mutation($id: ID!) { switchAccount(accountId: $id) { accessToken } }`, { id: accountId });
  member.token = switched.switchAccount.accessToken;
  return member;
}
