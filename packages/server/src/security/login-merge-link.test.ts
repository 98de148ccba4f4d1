import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { addSoftwarePasskey, passkeyAppUrl } from '../testing/software-passkey.js';
import { newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { withClient } from '../testing/test-database.js';
import { mailedTokenFor, mailsTo, signUpNew, TestClient, uniqueEmail } from '../testing/test-client.js';
import { codeOf } from '../testing/totp.js';

/** Merging another login by a link mailed to it (security/login-merge-link.service.ts). */
let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({
    publicUrl: passkeyAppUrl,
    twoFactorAttemptsPerUser: { limit: 50, windowSeconds: 300 },
    passwordResets: { perEmail: { limit: 3, windowSeconds: 3600 }, perClient: { limit: 1_000, windowSeconds: 3600 } },
  });
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);
const ask = 'mutation($e: String!) { requestLoginMergeLink(email: $e) }';
const preview = 'query($t: String!) { loginMergeLink(token: $t) { email expiresAt } }';
const mergeByLink =
  'mutation($t: String!, $c: String, $id: ID, $r: String) { mergeLoginByLink(token: $t, twoFactorCode: $c, passkeyChallengeId: $id, passkeyResponse: $r) { user { id } memberships { role account { id } } } }';
const complete = 'mutation($id: ID!, $r: String!) { completeLogInWithPasskey(challengeId: $id, response: $r) { accessToken } }';
const mergeToken = (email: string) => mailedTokenFor(app.url, email, 'merge-login');
const hashOf = (token: string) => createHash('sha256').update(token).digest();

/** Login A asks for a link to merge login B (both verified owners of an account of their own). */
async function askedFor() {
  const a = await newOwner(app.url, 'TEAM', 'A home');
  const b = await newOwner(app.url, 'TEAM', 'B home');
  expect(await a.client.data(ask, { e: b.email })).toEqual({ requestLoginMergeLink: true });
  return { a, b, token: await mergeToken(b.email) };
}

const membershipsOf = (userId: string) => sql(`select account_id from membership where user_id = $1`, [userId]);
type Asked = { code: string; extensions: { totp: boolean; passkey: { challengeId: string; optionsJson: string } | null } };

describe('requestLoginMergeLink', () => {
  it("mails the other address a hashed, one-hour link naming my login, and answers the same for an address without a login", async () => {
    const { a, b, token } = await askedFor();
    const unknown = uniqueEmail('nobody');
    expect(await a.client.request(ask, { e: unknown })).toEqual({ data: { requestLoginMergeLink: true } });
    expect(await mailsTo(app.url, unknown)).toEqual([]);

    const mail = (await mailsTo(app.url, b.email)).at(-1)!;
    expect(mail.subject).toBe('Merge your Kontor login into another one?');
    expect(mail.text).toContain(`the Kontor login ${a.email}`);
    expect(mail.text).toContain(`${passkeyAppUrl}/merge-login/${token}`);
    const rows = await sql(`select user_id, requested_by, token_hash, extract(epoch from expires_at - created_at)::int as seconds from login_link where purpose = 'merge-login' and user_id = $1`, [b.auth.user.id]);
    expect(rows).toEqual([{ user_id: b.auth.user.id, requested_by: a.auth.user.id, token_hash: hashOf(token), seconds: 3600 }]);
    expect(JSON.stringify(await sql(`select * from login_link where user_id = $1`, [b.auth.user.id]))).not.toContain(token);
  });

  it('is limited per address, known or not; refuses my own address and an unverified login of mine', async () => {
    const a = await newOwner(app.url, 'TEAM', 'Asker');
    const { email } = await signUpNew(new TestClient(app.url));
    for (const address of [email, uniqueEmail('nobody')]) {
      for (let i = 0; i < 3; i++) await a.client.data(ask, { e: address });
      expect(await refusal(a.client, ask, { e: address.toUpperCase() })).toMatchObject({ code: 'RATE_LIMITED' });
    }
    expect((await mailsTo(app.url, email)).filter((m) => m.text.includes('/merge-login/'))).toHaveLength(3);
    expect(await refusal(a.client, ask, { e: a.email })).toMatchObject({ code: 'SAME_LOGIN' });
    const unverified = new TestClient(app.url);
    await signUpNew(unverified);
    expect(await refusal(unverified, ask, { e: a.email })).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
    expect(await refusal(new TestClient(app.url), ask, { e: a.email })).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('mergeLoginByLink', () => {
  it("shows which login it merges, then merges it as mergeLogin does, once", async () => {
    const { a, b, token } = await askedFor();
    expect((await a.client.data(preview, { t: token })).loginMergeLink.email).toBe(b.email);
    // Looking does not use it: B still works.
    expect((await b.client.data('{ me { user { id } } }')).me.user.id).toBe(b.auth.user.id);

    const { mergeLoginByLink } = await a.client.data(mergeByLink, { t: token });
    expect(mergeLoginByLink.user.id).toBe(a.auth.user.id);
    expect(mergeLoginByLink.memberships.map((m: { account: { id: string } }) => m.account.id).sort()).toEqual([a.auth.account.id, b.auth.account.id].sort());
    expect(await membershipsOf(b.auth.user.id)).toEqual([]);
    expect(await refusal(b.client, '{ me { user { id } } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await sql(`select retired_email, merged_into from app_user where id = $1`, [b.auth.user.id])).toEqual([{ retired_email: b.email, merged_into: a.auth.user.id }]);
    expect((await mailsTo(app.url, b.email)).at(-1)).toMatchObject({ subject: 'Your Kontor login was merged into another one' });
    expect((await mailsTo(app.url, a.email)).at(-1)).toMatchObject({ subject: 'Another login was merged into your Kontor login' });

    expect(await refusal(a.client, mergeByLink, { t: token })).toMatchObject({ code: 'MERGE_LINK_USED' });
    expect(await refusal(a.client, preview, { t: token })).toMatchObject({ code: 'MERGE_LINK_USED' });
  });

  it('works only for the login that asked for it: another login, the mailed one itself and a signed-out visitor are refused, and it stays usable, even once another login asks for one', async () => {
    const { a, b, token } = await askedFor();
    const stranger = await newOwner(app.url, 'TEAM', 'Stranger');
    for (const client of [stranger.client, b.client]) {
      const seen = await refusal(client, preview, { t: token });
      expect(seen).toMatchObject({ code: 'MERGE_LINK_OTHER_LOGIN' });
      expect(seen!.message).not.toContain(b.email);
      expect(await refusal(client, mergeByLink, { t: token })).toMatchObject({ code: 'MERGE_LINK_OTHER_LOGIN' });
    }
    expect(await refusal(new TestClient(app.url), preview, { t: token })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(new TestClient(app.url), mergeByLink, { t: token })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await membershipsOf(stranger.auth.user.id)).toHaveLength(1);
    expect(await membershipsOf(b.auth.user.id)).toHaveLength(1);
    // Another login asking for a link to B does not end A's.
    await stranger.client.data(ask, { e: b.email });

    expect((await a.client.data(mergeByLink, { t: token })).mergeLoginByLink.memberships).toHaveLength(2);
  });

  it('refuses an expired, a made-up and a replaced link, changing nothing', async () => {
    const { a, b, token } = await askedFor();
    await sql(`update login_link set expires_at = now() - interval '1 second' where token_hash = $1`, [hashOf(token)]);
    expect(await refusal(a.client, preview, { t: token })).toMatchObject({ code: 'MERGE_LINK_EXPIRED' });
    expect(await refusal(a.client, mergeByLink, { t: token })).toMatchObject({ code: 'MERGE_LINK_EXPIRED' });
    expect(await refusal(a.client, mergeByLink, { t: 'made-up-token' })).toMatchObject({ code: 'MERGE_LINK_INVALID' });

    await a.client.data(ask, { e: b.email });
    const second = await mergeToken(b.email);
    await a.client.data(ask, { e: b.email });
    expect(await refusal(a.client, mergeByLink, { t: second })).toMatchObject({ code: 'MERGE_LINK_INVALID' });
    expect(await membershipsOf(b.auth.user.id)).toHaveLength(1);
  });

  it('refuses once the mailed login was retired meanwhile (merged into another login)', async () => {
    const { a, b, token } = await askedFor();
    const other = await newOwner(app.url, 'TEAM', 'Quicker');
    await other.client.data('mutation($e: String!, $p: String!) { mergeLogin(email: $e, password: $p) { user { id } } }', { e: b.email, p: b.password });
    expect(await refusal(a.client, preview, { t: token })).toMatchObject({ code: 'MERGE_LINK_INVALID' });
    expect(await refusal(a.client, mergeByLink, { t: token })).toMatchObject({ code: 'MERGE_LINK_INVALID' });
    expect(await membershipsOf(a.auth.user.id)).toHaveLength(1);
    expect(await membershipsOf(other.auth.user.id)).toHaveLength(2);
  });

  it('races a merge of the same login by its password cleanly: one of them takes it, the other is refused', async () => {
    const { a, b, token } = await askedFor();
    const other = await newOwner(app.url, 'TEAM', 'Racer');
    const [byLink, byPassword] = await Promise.all([
      a.client.request(mergeByLink, { t: token }),
      other.client.request('mutation($e: String!, $p: String!) { mergeLogin(email: $e, password: $p) { user { id } } }', { e: b.email, p: b.password }),
    ]);
    const codes = [byLink, byPassword].map((answer) => answer.errors?.[0]?.extensions?.code);
    expect(codes.filter((code) => code === undefined)).toHaveLength(1);
    expect(['MERGE_LINK_INVALID', 'INVALID_CREDENTIALS']).toContain(codes.find((code) => code !== undefined));
    const winner = byLink.errors ? other.auth.user.id : a.auth.user.id;
    expect(await sql(`select merged_into from app_user where id = $1`, [b.auth.user.id])).toEqual([{ merged_into: winner }]);
    expect(await membershipsOf(b.auth.user.id)).toEqual([]);
    expect(await membershipsOf(winner)).toHaveLength(2);
  });

  it("asks for the mailed login's second factor when it has TOTP: no code or a wrong one is refused, the link stays usable", async () => {
    const { a, b, token } = await askedFor();
    const { startTwoFactorSetup } = await b.client.data('mutation { startTwoFactorSetup { secret } }');
    await b.client.data('mutation($c: String!) { confirmTwoFactorSetup(code: $c) }', { c: codeOf(startTwoFactorSetup.secret) });

    expect(await refusal(a.client, mergeByLink, { t: token })).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: true, passkey: null } });
    const wrong = String((Number(codeOf(startTwoFactorSetup.secret, 1)) + 1) % 1_000_000).padStart(6, '0');
    expect(await refusal(a.client, mergeByLink, { t: token, c: wrong })).toMatchObject({ code: 'INVALID_CODE' });
    expect(await membershipsOf(b.auth.user.id)).toHaveLength(1);
    expect((await b.client.data('{ me { user { id } } }')).me.user.id).toBe(b.auth.user.id);

    expect((await a.client.data(mergeByLink, { t: token, c: codeOf(startTwoFactorSetup.secret, 1) })).mergeLoginByLink.memberships).toHaveLength(2);
  });

  it("asks a login with a passkey for it: a code or another login's passkey will not do, and its challenge never logs in", async () => {
    const { a, b, token } = await askedFor();
    const bPasskey = await addSoftwarePasskey(b.client, passkeyAppUrl);
    const aPasskey = await addSoftwarePasskey(a.client, passkeyAppUrl);

    expect(await refusal(a.client, mergeByLink, { t: token, c: '123456' })).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: false } });
    const asked = (await refusal(a.client, mergeByLink, { t: token })) as unknown as Asked;
    expect(asked.extensions.passkey).not.toBeNull();
    const challenge = asked.extensions.passkey!;
    expect(await refusal(a.client, mergeByLink, { t: token, id: challenge.challengeId, r: aPasskey.assert(challenge.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });

    // A challenge of this step is no password step: B's passkey cannot finish a log-in with it.
    const next = ((await refusal(a.client, mergeByLink, { t: token })) as unknown as Asked).extensions.passkey!;
    const browser = new TestClient(app.url);
    expect(await refusal(browser, complete, { id: next.challengeId, r: bPasskey.assert(next.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect(browser.cookie).toBeUndefined();
    expect(await membershipsOf(b.auth.user.id)).toHaveLength(1);

    const last = ((await refusal(a.client, mergeByLink, { t: token })) as unknown as Asked).extensions.passkey!;
    const { mergeLoginByLink } = await a.client.data(mergeByLink, { t: token, id: last.challengeId, r: bPasskey.assert(last.optionsJson) });
    expect(mergeLoginByLink.memberships).toHaveLength(2);
  });
});
