import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { mailedTokenFor, mailsTo, signUpNew, TestClient, uniqueEmail } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({ passwordResets: { perEmail: { limit: 3, windowSeconds: 3600 }, perClient: { limit: 1_000, windowSeconds: 3600 } } });
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);
const ask = 'mutation($email: String!) { requestPasswordReset(email: $email) }';
const reset = 'mutation($token: String!, $password: String!) { resetPassword(token: $token, password: $password) }';
const logIn = 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }';
const newPassword = 'a brand new passphrase';
const resetToken = (email: string) => mailedTokenFor(app.url, email, 'reset-password');
const canLogIn = async (email: string, password: string) => (await new TestClient(app.url).request(logIn, { e: email, p: password })).errors === undefined;

describe('requestPasswordReset', () => {
  it('answers the same for a known and an unknown address, and mails only the known one a hashed, one-hour link', async () => {
    const { email, auth } = await signUpNew(new TestClient(app.url));
    const unknown = uniqueEmail('nobody');
    const known = await new TestClient(app.url).request(ask, { email });
    const stranger = await new TestClient(app.url).request(ask, { email: unknown });
    expect(known).toEqual({ data: { requestPasswordReset: true } });
    expect(stranger).toEqual(known);
    expect(await mailsTo(app.url, unknown)).toEqual([]);

    const token = await resetToken(email);
    const rows = await sql(`select token_hash, email, extract(epoch from expires_at - created_at)::int as seconds from login_link where user_id = $1 and purpose = 'reset-password'`, [auth.user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(rows[0]!.seconds).toBe(3600);
    expect(JSON.stringify(await sql('select * from login_link'))).not.toContain(token);
  });

  it('is limited per address, known or not, saying when to retry', async () => {
    const { email } = await signUpNew(new TestClient(app.url));
    for (const address of [email, uniqueEmail('nobody')]) {
      for (let i = 0; i < 3; i++) await new TestClient(app.url).data(ask, { email: address });
      expect(await refusal(new TestClient(app.url), ask, { email: address.toUpperCase() })).toMatchObject({ code: 'RATE_LIMITED', extensions: { retryAfterSeconds: expect.any(Number) } });
    }
    expect((await mailsTo(app.url, email)).filter((m) => m.text.includes('/reset-password/'))).toHaveLength(3);
  });
});

describe('resetPassword', () => {
  it('sets the new password once, ends every session, verifies the address and tells the user by mail', async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    const otherDevice = new TestClient(app.url);
    otherDevice.token = (await otherDevice.data(logIn, { e: email, p: password })).logIn.accessToken;
    await new TestClient(app.url).data(ask, { email });
    const token = await resetToken(email);

    expect(await new TestClient(app.url).data(reset, { token, password: newPassword })).toEqual({ resetPassword: true });
    expect(await canLogIn(email, password)).toBe(false);
    expect(await canLogIn(email, newPassword)).toBe(true);
    for (const device of [client, otherDevice]) {
      expect(await refusal(device, '{ me { user { id } } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await refusal(device, 'mutation { refreshSession { accessToken } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const [user] = await sql(`select email_verified_at from app_user where email = $1`, [email]);
    expect(user!.email_verified_at).not.toBeNull();
    expect((await mailsTo(app.url, email)).at(-1)).toMatchObject({ subject: 'Your Kontor password was reset' });

    expect(await refusal(new TestClient(app.url), reset, { token, password: 'yet another passphrase' })).toMatchObject({ code: 'RESET_LINK_USED' });
    expect(await canLogIn(email, newPassword)).toBe(true);
  });

  it('refuses an expired, a replaced and a made-up link, changing nothing', async () => {
    const { email, password } = await signUpNew(new TestClient(app.url));
    await new TestClient(app.url).data(ask, { email });
    const first = await resetToken(email);
    await new TestClient(app.url).data(ask, { email });
    const second = await resetToken(email);
    expect(await refusal(new TestClient(app.url), reset, { token: first, password: newPassword })).toMatchObject({ code: 'RESET_LINK_INVALID' });
    await sql(`update login_link set expires_at = now() - interval '1 second' where token_hash = $1`, [createHash('sha256').update(second).digest()]);
    expect(await refusal(new TestClient(app.url), reset, { token: second, password: newPassword })).toMatchObject({ code: 'RESET_LINK_EXPIRED' });
    expect(await refusal(new TestClient(app.url), reset, { token: 'x'.repeat(43), password: newPassword })).toMatchObject({ code: 'RESET_LINK_INVALID' });
    expect(await canLogIn(email, password)).toBe(true);
    expect(await canLogIn(email, newPassword)).toBe(false);
  });

  it('refuses a too short password naming the field, and the link still works afterwards', async () => {
    const { email } = await signUpNew(new TestClient(app.url));
    await new TestClient(app.url).data(ask, { email });
    const token = await resetToken(email);
    expect(await refusal(new TestClient(app.url), reset, { token, password: 'short' })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'password' } });
    expect(await new TestClient(app.url).data(reset, { token, password: newPassword })).toEqual({ resetPassword: true });
  });

  it('refuses a link sent to an address the login no longer has', async () => {
    const { email, password, auth } = await signUpNew(new TestClient(app.url));
    await new TestClient(app.url).data(ask, { email });
    const token = await resetToken(email);
    await sql(`update app_user set email = $1 where id = $2`, [`moved-${email}`, auth.user.id]);
    expect(await refusal(new TestClient(app.url), reset, { token, password: newPassword })).toMatchObject({ code: 'RESET_LINK_INVALID' });
    expect(await canLogIn(`moved-${email}`, password)).toBe(true);
  });
});

describe('changePassword', () => {
  const change = 'mutation($c: String!, $p: String!) { changePassword(currentPassword: $c, password: $p) }';

  it('needs the current password; then ends every other session, keeps this one, and tells the user by mail', async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    const otherDevice = new TestClient(app.url);
    otherDevice.token = (await otherDevice.data(logIn, { e: email, p: password })).logIn.accessToken;
    const mailsBefore = (await mailsTo(app.url, email)).length;

    expect(await refusal(client, change, { c: 'not my password', p: newPassword })).toMatchObject({ code: 'INVALID_CREDENTIALS', extensions: { field: 'currentPassword' } });
    expect(await refusal(client, change, { c: password, p: 'short' })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'password' } });
    expect(await canLogIn(email, password)).toBe(true);
    expect(await mailsTo(app.url, email)).toHaveLength(mailsBefore);
    expect((await otherDevice.data('{ me { user { email } } }')).me.user.email).toBe(email);

    expect(await client.data(change, { c: password, p: newPassword })).toEqual({ changePassword: true });
    expect(await canLogIn(email, password)).toBe(false);
    expect(await canLogIn(email, newPassword)).toBe(true);
    expect((await client.data('{ me { user { email } } }')).me.user.email).toBe(email);
    expect((await client.request('mutation { refreshSession { accessToken } }')).errors).toBeUndefined();
    expect(await refusal(otherDevice, '{ me { user { id } } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await mailsTo(app.url, email)).at(-1)).toMatchObject({ subject: 'Your Kontor password was changed' });
  });

  it('needs a log-in', async () => {
    expect(await refusal(new TestClient(app.url), change, { c: 'x', p: newPassword })).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
