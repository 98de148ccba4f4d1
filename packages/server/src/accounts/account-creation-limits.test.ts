import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config/config.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpMutation, signUpVerified, TestClient, uniqueEmail } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { acceptByToken, invite } from '../testing/team-fixtures.js';

// Every account costs a schema, a database role and its tables: how many one user owns, and how fast they appear, is limited.
const roomy = { limit: 10_000, windowSeconds: 60 };
const hourly = (limit: number) => ({ limit, windowSeconds: 3600 });

const createAccount = (name: string) => `mutation { createAccount(input: { name: "${name}", planCode: "SOLO" }) { accessToken account { id name } } }`;
const codeAndExtensions = (result: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => result.errors?.[0];

async function withApp(accountCreation: Config['accountCreation'], run: (app: TestApp) => Promise<void>) {
  const app = await startTestApp({
    config: { rateLimits: { authPerEmail: roomy, authPerClient: roomy, refreshPerClient: roomy }, invitationMailsPerAccount: roomy, accountCreation },
  });
  try {
    await run(app);
  } finally {
    await app.stop();
  }
}

const countOf = (app: TestApp, sql: string, params: unknown[] = []) =>
  withClient(app.database.url, async (db) => Number((await db.query(sql, params)).rows[0].count));
const accountSchemas = (app: TestApp) => countOf(app, `select count(*) from pg_namespace where nspname like 'acct\\_%'`);

describe('account creation limits', () => {
  it('count creations at the same moment one after the other: with two places left, two of five succeed', async () => {
    await withApp({ ownedPerUser: 3, perUser: hourly(100), perClient: hourly(100) }, async (app) => {
      const user = new TestClient(app.url);
      await signUpVerified(user, { accountName: 'Only' });
      const results = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((name) => user.request(createAccount(`At once ${name}`))));
      expect(results.map((result) => result.errors?.[0]?.extensions?.code ?? 'CREATED').sort()).toEqual(['ACCOUNT_LIMIT_REACHED', 'ACCOUNT_LIMIT_REACHED', 'ACCOUNT_LIMIT_REACHED', 'CREATED', 'CREATED']);
      expect(await countOf(app, `select count(*) from account where name like 'At once %'`)).toBe(2);
    });
  });

  it('cap the accounts one user owns (ACCOUNT_LIMIT_REACHED, naming the cap); joined accounts do not count, deleting one frees a place', async () => {
    await withApp({ ownedPerUser: 3, perUser: hourly(100), perClient: hourly(100) }, async (app) => {
      const user = new TestClient(app.url);
      await signUpVerified(user, { accountName: 'First' });
      const firstToken = user.token;
      const owner = new TestClient(app.url);
      await signUpVerified(owner, { accountName: 'Someone else' });
      // Joining someone else's account does not use up a place.
      const email = (await user.data('{ me { user { email } } }')).me.user.email;
      const { token } = await invite(owner, email, 'NORMAL');
      await user.data(acceptByToken, { token });

      await user.data(createAccount('Second'));
      const third = (await user.data(createAccount('Third'))).createAccount;
      const schemas = await accountSchemas(app);

      const refused = codeAndExtensions(await user.request(createAccount('Fourth')));
      expect(refused?.extensions).toMatchObject({ code: 'ACCOUNT_LIMIT_REACHED', limit: 3 });
      expect(refused?.message).toMatch(/3/);
      expect(await accountSchemas(app)).toBe(schemas);
      expect(await countOf(app, `select count(*) from account where name = 'Fourth'`)).toBe(0);

      user.token = third.accessToken;
      await user.data('mutation { deleteAccount(confirmName: "Third") }');
      user.token = firstToken;
      expect((await user.data(createAccount('Fourth'))).createAccount.account.name).toBe('Fourth');
    });
  });

  it('limit how many accounts one user creates an hour (RATE_LIMITED with retryAfterSeconds), creating nothing past it', async () => {
    await withApp({ ownedPerUser: 100, perUser: hourly(2), perClient: hourly(100) }, async (app) => {
      const user = new TestClient(app.url);
      await signUpVerified(user);
      await user.data(createAccount('One'));
      await user.data(createAccount('Two'));
      const schemas = await accountSchemas(app);
      const refused = codeAndExtensions(await user.request(createAccount('Three')));
      expect(refused?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      // The window is the clock hour: anything from a second to an hour, whatever minute the test runs in.
      expect(refused!.extensions!.retryAfterSeconds as number).toBeGreaterThanOrEqual(1);
      expect(refused!.extensions!.retryAfterSeconds as number).toBeLessThanOrEqual(3600);
      expect(await accountSchemas(app)).toBe(schemas);
      // Another user is not held back by this one.
      const other = new TestClient(app.url);
      await signUpVerified(other);
      await other.data(createAccount('Theirs'));
    });
  });

  it('limit how many accounts one client address creates an hour, by sign-up and createAccount together', async () => {
    await withApp({ ownedPerUser: 100, perUser: hourly(100), perClient: hourly(3) }, async (app) => {
      const first = new TestClient(app.url);
      const { email, password } = await signUpVerified(first);
      await first.data(createAccount('Second'));
      // A known e-mail signing up again creates nothing, so it does not count.
      const again = await new TestClient(app.url).data(signUpMutation, { input: { email, password, accountName: 'Again', planCode: 'TEAM' } });
      expect(again.signUp.outcome).toBe('EXISTING_LOGIN');
      await signUpVerified(new TestClient(app.url));

      const users = await countOf(app, 'select count(*) from app_user');
      const schemas = await accountSchemas(app);
      const newEmail = uniqueEmail('limited');
      const bySignUp = await new TestClient(app.url).request(signUpMutation, { input: { email: newEmail, password, accountName: 'Too many', planCode: 'TEAM' } });
      expect(codeAndExtensions(bySignUp)?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      expect(codeAndExtensions(await first.request(createAccount('Too many too')))?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(await countOf(app, 'select count(*) from app_user')).toBe(users);
      expect(await accountSchemas(app)).toBe(schemas);
      // Logging in is not creating: it still works.
      await new TestClient(app.url).data('mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }', { e: email, p: password });
    });
  });
});
