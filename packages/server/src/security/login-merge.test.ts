import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { codeOf } from '../testing/totp.js';
import { withClient } from '../testing/test-database.js';
import { acceptByToken, invite, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { mailsTo, signUpMutation, signUpNew, TestClient } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  const roomy = { limit: 10_000, windowSeconds: 60 };
  // Room for the many sign-ups here, but the per-address limit of log-ins is the one a merge counts against too.
  app = await startTeamTestApp({ rateLimits: { authPerEmail: { limit: 6, windowSeconds: 60 }, authPerClient: roomy, refreshPerClient: roomy } });
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);
const merge = 'mutation($e: String!, $p: String!, $c: String) { mergeLogin(email: $e, password: $p, twoFactorCode: $c) { user { id } memberships { role status account { id } } } }';
const logIn = 'mutation($e: String!, $p: String!, $c: String) { logIn(email: $e, password: $p, twoFactorCode: $c) { accessToken } }';

/**
 * Login A (verified) owns "A home" and is NORMAL in "Shared", which B owns;
 * B owns "B home" (with an API key) and is EXTENDED in A's home.
 */
async function twoLogins() {
  const a = await newOwner(app.url, 'TEAM', 'A home');
  const b = await newOwner(app.url, 'TEAM', 'B home');
  const { createApiKey } = await b.client.data('mutation { createApiKey(name: "sync", role: NORMAL) { secret } }');
  const bShared = new TestClient(app.url);
  bShared.cookie = b.client.cookie;
  const shared = (await b.client.data('mutation { createAccount(input: { name: "Shared", planCode: "TEAM" }) { accessToken account { id } } }')).createAccount;
  bShared.token = shared.accessToken;
  const { token: toShared } = await invite(bShared, a.email, 'NORMAL');
  const aTab = a.client.tab();
  aTab.token = a.client.token;
  await aTab.data(acceptByToken, { token: toShared });
  const { token: toAHome } = await invite(a.client, b.email, 'EXTENDED');
  const bTab = b.client.tab();
  bTab.token = b.client.token;
  await bTab.data(acceptByToken, { token: toAHome });
  return {
    a,
    b,
    apiKey: createApiKey.secret as string,
    accounts: { aHome: a.auth.account.id as string, bHome: b.auth.account.id as string, shared: shared.account.id as string },
  };
}

const membershipsOf = (userId: string) =>
  sql<{ account_id: string; role: string; status: string }[]>(`select account_id, role, status from membership where user_id = $1 order by account_id`, [userId]);
const ownersOf = (accountId: string) => sql(`select user_id from membership where account_id = $1 and role = 'OWNER'`, [accountId]);

describe('merging another login into mine', () => {
  it('moves every membership (keeping the higher role), ends the other login\'s sessions and keys, retires it and frees its address', async () => {
    const { a, b, apiKey, accounts } = await twoLogins();
    const { mergeLogin } = await a.client.data(merge, { e: b.email, p: b.password });
    expect(mergeLogin.user.id).toBe(a.auth.user.id);
    const roles = Object.fromEntries(mergeLogin.memberships.map((m: { account: { id: string }; role: string }) => [m.account.id, m.role]));
    expect(roles).toEqual({ [accounts.aHome]: 'OWNER', [accounts.bHome]: 'OWNER', [accounts.shared]: 'OWNER' });
    for (const id of Object.values(accounts)) expect(await ownersOf(id)).toEqual([{ user_id: a.auth.user.id }]);
    expect(await membershipsOf(b.auth.user.id)).toEqual([]);

    // B is out: its token, its key, its password.
    expect(await refusal(b.client, '{ me { user { id } } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    const key = new TestClient(app.url);
    key.token = apiKey;
    expect(await refusal(key, '{ people(first: 1) { totalCount } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(new TestClient(app.url), logIn, { e: b.email, p: b.password })).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    // B stays on record (history names its author); its address is free for a new login.
    expect(await sql(`select name, retired_email, merged_into from app_user where id = $1`, [b.auth.user.id])).toEqual([
      expect.objectContaining({ retired_email: b.email, merged_into: a.auth.user.id }),
    ]);
    const again = await new TestClient(app.url).data(signUpMutation, { input: { email: b.email, password: 'a brand new passphrase', accountName: 'Fresh', planCode: 'TEAM' } });
    expect(again.signUp.outcome).toBe('ACCOUNT_CREATED');

    // Both addresses are told; A's security events list it.
    expect((await mailsTo(app.url, a.email)).at(-1)).toMatchObject({ subject: 'Another login was merged into your Kontor login' });
    expect((await mailsTo(app.url, b.email)).map((m) => m.subject)).toContain('Your Kontor login was merged into another one');
    expect((await a.client.data('{ securityEvents { kind } }')).securityEvents[0]).toEqual({ kind: 'LOGIN_MERGED' });
  });

  it("hands the other login's people, deals and open tasks to mine in each of its accounts, and ends its calendar feed", async () => {
    const { a, b } = await twoLogins();
    const today = new Date().toISOString().slice(0, 10);
    const { createPerson } = await b.client.data('mutation { createPerson(input: { lastName: "Kunde" }) { id responsibleUser { id } } }');
    expect(createPerson.responsibleUser.id).toBe(b.auth.user.id);
    const created = await b.client.data('mutation($d: String!, $u: ID!) { open: createTask(input: { title: "Anrufen", dueDate: $d, assigneeUserId: $u }) { id } done: createTask(input: { title: "Erledigt", assigneeUserId: $u }) { id } }', {
      d: today,
      u: b.auth.user.id,
    });
    await b.client.data('mutation($id: ID!) { updateTask(id: $id, input: { done: true }) { id } }', { id: created.done.id });
    const { createCalendarFeed } = await b.client.data('mutation { createCalendarFeed { url } }');
    const feed = `${app.url}${new URL(createCalendarFeed.url).pathname}`;
    expect((await fetch(feed)).status).toBe(200);

    await a.client.data(merge, { e: b.email, p: b.password });

    const aInBHome = a.client.tab();
    aInBHome.token = (await a.client.data('mutation($id: ID!) { switchAccount(accountId: $id) { accessToken } }', { id: b.auth.account.id })).switchAccount.accessToken;
    const { person } = await aInBHome.data('query($id: ID!) { person(id: $id) { responsibleUser { id } timeline { kind } } }', { id: createPerson.id });
    expect(person.responsibleUser.id).toBe(a.auth.user.id);
    expect(person.timeline.map((entry: { kind: string }) => entry.kind)).toContain('CHANGED');
    // The open task passes on; the done one keeps its assignee, as history.
    const { tasks } = await aInBHome.data('{ tasks(first: 10) { edges { node { title assignee { id } } } } }');
    expect(Object.fromEntries(tasks.edges.map((e: { node: { title: string; assignee: { id: string } } }) => [e.node.title, e.node.assignee.id]))).toEqual({
      Anrufen: a.auth.user.id,
      Erledigt: b.auth.user.id,
    });
    const { myWork } = await a.client.data('query($t: String!) { myWork(today: $t) { title account { id } } }', { t: today });
    expect(myWork).toEqual(expect.arrayContaining([{ title: 'Anrufen', account: { id: b.auth.account.id } }]));
    expect((await fetch(feed)).status).toBe(404);
  });

  it('refuses, changing nothing: a wrong password, an unknown address, the same login, a missing or wrong second factor, an unverified address of mine', async () => {
    const { a, b, accounts } = await twoLogins();
    const before = await membershipsOf(b.auth.user.id);
    expect(await refusal(a.client, merge, { e: b.email, p: 'not the password' })).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await refusal(a.client, merge, { e: `nobody-${Date.now()}@example.com`, p: b.password })).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await refusal(a.client, merge, { e: a.email, p: a.password })).toMatchObject({ code: 'SAME_LOGIN' });

    const bTab = b.client.tab();
    bTab.token = b.client.token;
    const { startTwoFactorSetup } = await bTab.data('mutation { startTwoFactorSetup { secret } }');
    await bTab.data('mutation($c: String!) { confirmTwoFactorSetup(code: $c) }', { c: codeOf(startTwoFactorSetup.secret) });
    expect(await refusal(a.client, merge, { e: b.email, p: b.password })).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED' });
    expect(await refusal(a.client, merge, { e: b.email, p: b.password, c: String((Number(codeOf(startTwoFactorSetup.secret, 1)) + 1) % 1_000_000).padStart(6, '0') })).toMatchObject({ code: 'INVALID_CODE' });

    const unverified = new TestClient(app.url);
    await signUpNew(unverified);
    expect(await refusal(unverified, merge, { e: b.email, p: b.password, c: codeOf(startTwoFactorSetup.secret, 1) })).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });

    expect(await membershipsOf(b.auth.user.id)).toEqual(before);
    expect(await ownersOf(accounts.shared)).toEqual([{ user_id: b.auth.user.id }]);
    expect((await bTab.data('{ me { user { id } } }')).me.user.id).toBe(b.auth.user.id);
    // Proven with its second factor, it goes through.
    expect((await a.client.data(merge, { e: b.email, p: b.password, c: codeOf(startTwoFactorSetup.secret, 1) })).mergeLogin.memberships).toHaveLength(3);
  });

  it('counts against the log-in limit of the other address', async () => {
    const { a, b } = await twoLogins();
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push((await refusal(a.client, merge, { e: b.email, p: `wrong guess ${i}` }))?.code);
    expect(answers).toContain('RATE_LIMITED');
    expect(await refusal(a.client, merge, { e: b.email, p: b.password })).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await membershipsOf(b.auth.user.id)).length).toBe(3);
  });

  it('leaves the other login no session, however busy it is during the merge', async () => {
    const { a, b, accounts } = await twoLogins();
    // Two tabs logging in, writing and refreshing, twice each (with the sign-up and the merge, the address's 6 attempts a minute).
    const busy = Array.from({ length: 2 }, async () => {
      const tab = new TestClient(app.url);
      for (let i = 0; i < 2; i++) {
        const answer = await tab.request(logIn, { e: b.email, p: b.password });
        tab.token = answer.data?.logIn?.accessToken ?? tab.token;
        await tab.request('mutation { createTag(input: { name: "busy" }) { id } }');
        await tab.request('mutation { refreshSession { accessToken } }');
      }
    });
    const [merged] = await Promise.all([a.client.request(merge, { e: b.email, p: b.password }), ...busy]);
    expect(merged.errors).toBeUndefined();
    expect(await sql(`select id from session where user_id = $1 and revoked_at is null`, [b.auth.user.id])).toEqual([]);
    expect(await membershipsOf(b.auth.user.id)).toEqual([]);
    for (const id of Object.values(accounts)) expect(await ownersOf(id)).toEqual([{ user_id: a.auth.user.id }]);
    expect(await sql(`select retired_at is not null as retired from app_user where id = $1`, [b.auth.user.id])).toEqual([{ retired: true }]);
  });
});
