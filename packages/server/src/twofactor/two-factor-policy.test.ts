import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { codeOf } from '../testing/totp.js';
import { addMember, membersQuery, newOwner, refusal } from '../testing/team-fixtures.js';
import { TestClient } from '../testing/test-client.js';
import { addSoftwarePasskey, passkeyAppUrl, startPasskeyTestApp } from '../testing/software-passkey.js';

let app: TestApp;
const publicUrl = passkeyAppUrl;
beforeAll(async () => {
  app = await startPasskeyTestApp();
});
afterAll(async () => {
  await app.stop();
});

const setRequired = 'mutation($r: Boolean!) { setTwoFactorRequired(required: $r) { id twoFactorRequired } }';
const switchAccount = 'mutation($id: ID!) { switchAccount(accountId: $id) { accessToken account { id } } }';
const refreshById = 'mutation($id: ID!) { refreshSession(accountId: $id) { accessToken account { id } } }';
const refreshBySlug = 'mutation($slug: String!) { refreshSession(accountSlug: $slug) { accessToken account { id } } }';
const logIn = 'mutation($e: String!, $p: String!, $c: String) { logIn(email: $e, password: $p, twoFactorCode: $c) { accessToken account { id } } }';
const people = '{ people(first: 5) { totalCount } }';

/** Turns TOTP on for the client's login; answers the secret. */
async function turnOnTwoFactor(client: TestClient): Promise<string> {
  const { startTwoFactorSetup } = await client.data('mutation { startTwoFactorSetup { secret } }');
  await client.data('mutation($c: String!) { confirmTwoFactorSetup(code: $c) }', { c: codeOf(startTwoFactorSetup.secret) });
  return startTwoFactorSetup.secret as string;
}

/** An owner with a second factor, their account (policy off) and a member without one who also has an account of their own. */
async function accountWithMember(role: 'NORMAL' | 'CO_OWNER' = 'NORMAL') {
  const owner = await newOwner(app.url, 'TEAM', 'Strict Ltd');
  const member = await addMember(owner.client, role);
  return { owner, member, accountId: owner.auth.account.id as string, slug: owner.auth.account.slug as string };
}

describe('setting the policy', () => {
  it('is for the owner only, and only with a second factor of their own', async () => {
    const { owner, member } = await accountWithMember('CO_OWNER');
    expect(await refusal(member.client, setRequired, { r: true })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(owner.client, setRequired, { r: true })).toMatchObject({ code: 'TWO_FACTOR_REQUIRED', extensions: { field: 'required' } });
    expect((await owner.client.data('{ currentAccount { twoFactorRequired } }')).currentAccount.twoFactorRequired).toBe(false);

    await turnOnTwoFactor(owner.client);
    expect((await owner.client.data(setRequired, { r: true })).setTwoFactorRequired.twoFactorRequired).toBe(true);
    // The owner, who has a second factor, goes on working.
    expect((await owner.client.data(people)).people.totalCount).toBe(0);
    const { members } = await owner.client.data(membersQuery.replace('joinedAt', 'joinedAt twoFactorEnabled'));
    expect(members.map((m: { email: string; twoFactorEnabled: boolean }) => [m.email, m.twoFactorEnabled]).sort()).toEqual([[member.email, false], [owner.email, true]].sort());
    expect((await owner.client.data(setRequired, { r: false })).setTwoFactorRequired.twoFactorRequired).toBe(false);
  });
});

describe('a member without a second factor, once the account requires one', () => {
  it('is refused on every way in (a token scoped already, switchAccount, refreshSession by ID and by slug), while their other account keeps working', async () => {
    const { owner, member, accountId, slug } = await accountWithMember();
    const otherTab = member.client.tab();
    otherTab.token = (await otherTab.data(refreshById, { id: member.ownAccountId })).refreshSession.accessToken;
    expect((await member.client.data(people)).people.totalCount).toBe(0);

    await turnOnTwoFactor(owner.client);
    await owner.client.data(setRequired, { r: true });

    const required = { code: 'TWO_FACTOR_REQUIRED' };
    expect(await refusal(member.client, people)).toMatchObject(required);
    expect(await refusal(member.client, 'mutation { createTag(input: { name: "x" }) { id } }')).toMatchObject(required);
    expect(await refusal(member.client, switchAccount, { id: accountId })).toMatchObject({ ...required, extensions: { accountId, accountSlug: slug } });
    // The refused switch wrote nothing: no "entered the account" in its audit trail.
    const entered = () =>
      app.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from acct_${accountId.replace(/-/g, '')}.audit_event where action = 'ACCOUNT_OPENED' and actor_user_id = ?`, [member.userId]);
    expect((await entered())[0]!.n).toBe(0);
    expect(await refusal(member.client.tab(), refreshById, { id: accountId })).toMatchObject(required);
    expect(await refusal(member.client.tab(), refreshBySlug, { slug })).toMatchObject(required);
    // The other tab, in the member's own account, is untouched; so is an unscoped token.
    expect((await otherTab.data(people)).people.totalCount).toBe(0);
    expect((await otherTab.data('{ me { user { id } } }')).me.user.id).toBe(member.userId);

    // After setting up a second factor, the same token works again and the switch goes through.
    await turnOnTwoFactor(otherTab);
    expect((await member.client.data(people)).people.totalCount).toBe(0);
    expect((await member.client.data(switchAccount, { id: accountId })).switchAccount.account.id).toBe(accountId);
    expect((await entered())[0]!.n).toBe(1);
  });

  it('logs in to an account it may open (never one that refuses it), and cross-account search leaves the refusing one out', async () => {
    const { owner, member, accountId } = await accountWithMember();
    await owner.client.data('mutation { createPerson(input: { firstName: "Zebulon", lastName: "Strict" }) { id } }');
    await member.client.data(switchAccount, { id: member.ownAccountId });
    await member.client.data(switchAccount, { id: accountId }); // the account used last
    const search = '{ searchAllAccounts(query: "Zebulon") { account { id } } }';
    expect((await member.client.data(search)).searchAllAccounts).toEqual([{ account: { id: accountId } }]);

    await turnOnTwoFactor(owner.client);
    await owner.client.data(setRequired, { r: true });
    const loggedIn = await new TestClient(app.url).data(logIn, { e: member.email, p: member.password });
    expect(loggedIn.logIn.account.id).toBe(member.ownAccountId);
    const unscoped = new TestClient(app.url);
    unscoped.token = loggedIn.logIn.accessToken;
    expect((await unscoped.data(search)).searchAllAccounts).toEqual([]);
  });

  it('does not affect the account\'s API keys, even one made by a co-owner without a second factor', async () => {
    const { owner, member } = await accountWithMember('CO_OWNER');
    const { createApiKey } = await member.client.data('mutation { createApiKey(name: "sync", role: NORMAL) { secret } }');
    await turnOnTwoFactor(owner.client);
    await owner.client.data(setRequired, { r: true });
    expect(await refusal(member.client, people)).toMatchObject({ code: 'TWO_FACTOR_REQUIRED' });
    const key = new TestClient(app.url);
    key.token = createApiKey.secret;
    expect((await key.data(people)).people.totalCount).toBe(0);
  });
});

describe('a passkey as the second factor the policy asks for', () => {
  it('opens the account for a member whose only second factor is a passkey, shows it in the members list, and stops doing so when the last passkey goes', async () => {
    const { owner, member, accountId } = await accountWithMember();
    await owner.client.data('mutation { createPerson(input: { firstName: "Quirinus", lastName: "Strict" }) { id } }');
    const search = '{ searchAllAccounts(query: "Quirinus") { account { id } } }';
    // The owner's own second factor may be a passkey too.
    await addSoftwarePasskey(owner.client, publicUrl);
    expect((await owner.client.data(setRequired, { r: true })).setTwoFactorRequired.twoFactorRequired).toBe(true);
    expect(await refusal(member.client, people)).toMatchObject({ code: 'TWO_FACTOR_REQUIRED' });

    const ownTab = member.client.tab();
    ownTab.token = (await ownTab.data(refreshById, { id: member.ownAccountId })).refreshSession.accessToken;
    const first = await addSoftwarePasskey(ownTab, publicUrl);
    const second = await addSoftwarePasskey(ownTab, publicUrl);
    // The token refused a moment ago works now; so do the ways in.
    expect((await member.client.data(people)).people.totalCount).toBe(1);
    expect((await member.client.tab().data(refreshById, { id: accountId })).refreshSession.account.id).toBe(accountId);
    expect((await member.client.data(switchAccount, { id: accountId })).switchAccount.account.id).toBe(accountId);
    expect((await ownTab.data(search)).searchAllAccounts).toEqual([{ account: { id: accountId } }]);
    const { members } = await owner.client.data(membersQuery.replace('joinedAt', 'joinedAt twoFactorEnabled'));
    expect(members.map((m: { email: string; twoFactorEnabled: boolean }) => [m.email, m.twoFactorEnabled]).sort()).toEqual([[member.email, true], [owner.email, true]].sort());

    const remove = 'mutation($id: ID!, $p: String!) { removePasskey(id: $id, password: $p) }';
    await ownTab.data(remove, { id: first.id, p: member.password });
    expect((await member.client.data(people)).people.totalCount).toBe(1);
    await ownTab.data(remove, { id: second.id, p: member.password });
    // The last one gone (and no TOTP): the policy bites again, on the same token and every way in; the member's own account is untouched.
    expect(await refusal(member.client, people)).toMatchObject({ code: 'TWO_FACTOR_REQUIRED' });
    expect(await refusal(member.client.tab(), refreshById, { id: accountId })).toMatchObject({ code: 'TWO_FACTOR_REQUIRED' });
    expect((await ownTab.data(people)).people.totalCount).toBe(0);
    expect((await ownTab.data(search)).searchAllAccounts).toEqual([]);
    const after = await owner.client.data(membersQuery.replace('joinedAt', 'joinedAt twoFactorEnabled'));
    expect(after.members.find((m: { email: string }) => m.email === member.email).twoFactorEnabled).toBe(false);
  });
});
