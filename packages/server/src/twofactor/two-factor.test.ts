import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { mailsTo, signUpNew, TestClient } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({ twoFactorAttemptsPerUser: { limit: 8, windowSeconds: 300 } });
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);
const start = 'mutation { startTwoFactorSetup { secret otpauthUri } }';
const confirm = 'mutation($code: String!) { confirmTwoFactorSetup(code: $code) }';
const logIn = 'mutation($e: String!, $p: String!, $c: String) { logIn(email: $e, password: $p, twoFactorCode: $c) { accessToken } }';
const disable = 'mutation($p: String!, $c: String!) { disableTwoFactor(password: $p, code: $c) }';
const enabled = async (client: TestClient) => (await client.data('{ me { user { twoFactorEnabled } } }')).me.user.twoFactorEnabled as boolean;

/** The code an authenticator app shows `steps` 30-second steps from now. */
const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * 30_000 });
const wrongCode = (secret: string) => String((Number(codeOf(secret)) + 500_000) % 1_000_000).padStart(6, '0');
const sessionsOf = async (userId: string) => (await sql(`select count(*)::int as n from session where user_id = $1`, [userId]))[0]!.n as number;

/** A new user with TOTP on: their client, password, secret and recovery codes. */
async function withTwoFactor() {
  const client = new TestClient(app.url);
  const signedUp = await signUpNew(client);
  const { startTwoFactorSetup } = await client.data(start);
  const { confirmTwoFactorSetup } = await client.data(confirm, { code: codeOf(startTwoFactorSetup.secret) });
  return { client, ...signedUp, userId: signedUp.auth.user.id as string, secret: startTwoFactorSetup.secret as string, recoveryCodes: confirmTwoFactorSetup as string[] };
}

describe('setting up TOTP', () => {
  it('turns on only with a code of the new secret, answers ten recovery codes once, and stores the secret sealed and the codes hashed', async () => {
    const client = new TestClient(app.url);
    const { email, auth } = await signUpNew(client);
    const { startTwoFactorSetup } = await client.data(start);
    expect(startTwoFactorSetup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(startTwoFactorSetup.otpauthUri).toBe(
      `otpauth://totp/Kontor:${encodeURIComponent(email)}?issuer=Kontor&secret=${startTwoFactorSetup.secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(await refusal(client, confirm, { code: wrongCode(startTwoFactorSetup.secret) })).toMatchObject({ code: 'INVALID_CODE' });
    expect(await enabled(client)).toBe(false);

    const { confirmTwoFactorSetup: codes } = await client.data(confirm, { code: codeOf(startTwoFactorSetup.secret) });
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await enabled(client)).toBe(true);
    expect((await mailsTo(app.url, email)).at(-1)).toMatchObject({ subject: 'Two-factor authentication is on' });

    const [user] = await sql(`select totp_secret, totp_pending_secret from app_user where id = $1`, [auth.user.id]);
    expect(user!.totp_pending_secret).toBeNull();
    expect(user!.totp_secret.toString('latin1')).not.toContain(startTwoFactorSetup.secret);
    const stored = await sql(`select code_hash from recovery_code where user_id = $1`, [auth.user.id]);
    const hashes = stored.map((r) => (r.code_hash as Buffer).toString('hex')).sort();
    expect(hashes).toEqual(codes.map((c: string) => createHash('sha256').update(c.replace('-', '')).digest('hex')).sort());
    expect(JSON.stringify(await sql(`select * from recovery_code`))).not.toContain(codes[0]);
    // On already: no second set-up over it.
    expect(await refusal(client, start)).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('logging in with a second factor', () => {
  it('asks for the code only after the right password, gives no token without a right one, and never takes a code twice', async () => {
    const { email, password, userId, secret } = await withTwoFactor();
    const sessions = await sessionsOf(userId);
    expect(await refusal(new TestClient(app.url), logIn, { e: email, p: 'wrong password!' })).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const required = await new TestClient(app.url).request(logIn, { e: email, p: password });
    expect(required.data).toBeNull();
    expect(required.errors?.[0]?.extensions?.code).toBe('TWO_FACTOR_CODE_REQUIRED');
    expect(await refusal(new TestClient(app.url), logIn, { e: email, p: password, c: wrongCode(secret) })).toMatchObject({ code: 'INVALID_CODE' });
    expect(await sessionsOf(userId)).toBe(sessions);

    // The next step's code (a phone a little ahead) is taken, and from then on neither it nor the current one.
    const ahead = codeOf(secret, 1);
    expect((await new TestClient(app.url).data(logIn, { e: email, p: password, c: ahead })).logIn.accessToken).toEqual(expect.any(String));
    expect(await refusal(new TestClient(app.url), logIn, { e: email, p: password, c: ahead })).toMatchObject({ code: 'INVALID_CODE' });
    expect(await refusal(new TestClient(app.url), logIn, { e: email, p: password, c: codeOf(secret) })).toMatchObject({ code: 'INVALID_CODE' });
    expect(await sessionsOf(userId)).toBe(sessions + 1);
  });

  it('takes each recovery code once, in any case and with or without the dash', async () => {
    const { email, password, recoveryCodes } = await withTwoFactor();
    const code = recoveryCodes[3]!.toUpperCase().replace('-', ' ');
    expect((await new TestClient(app.url).data(logIn, { e: email, p: password, c: code })).logIn.accessToken).toEqual(expect.any(String));
    expect(await refusal(new TestClient(app.url), logIn, { e: email, p: password, c: recoveryCodes[3] })).toMatchObject({ code: 'INVALID_CODE' });
  });

  it('limits the codes tried per user, saying when to retry, even for the right code', async () => {
    const { email, password, secret } = await withTwoFactor();
    for (let i = 0; i < 7; i++) await new TestClient(app.url).request(logIn, { e: email, p: password, c: wrongCode(secret) });
    expect(await refusal(new TestClient(app.url), logIn, { e: email, p: password, c: codeOf(secret, 1) })).toMatchObject({
      code: 'RATE_LIMITED',
      extensions: { retryAfterSeconds: expect.any(Number) },
    });
  });
});

describe('with the second factor on', () => {
  it('changing the password needs a code too', async () => {
    const { client, email, password, secret } = await withTwoFactor();
    const change = 'mutation($c: String!, $p: String!, $code: String) { changePassword(currentPassword: $c, password: $p, twoFactorCode: $code) }';
    expect(await refusal(client, change, { c: password, p: 'a new passphrase' })).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED' });
    expect(await refusal(client, change, { c: password, p: 'a new passphrase', code: wrongCode(secret) })).toMatchObject({ code: 'INVALID_CODE' });
    expect(await client.data(change, { c: password, p: 'a new passphrase', code: codeOf(secret, 1) })).toEqual({ changePassword: true });
    expect(await refusal(new TestClient(app.url), logIn, { e: email, p: password, c: codeOf(secret, 1) })).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('turning it off needs the password and a code; then log-in needs neither code nor recovery codes', async () => {
    const { client, email, password, userId, secret } = await withTwoFactor();
    expect(await refusal(client, disable, { p: 'wrong password!', c: codeOf(secret, 1) })).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await refusal(client, disable, { p: password, c: wrongCode(secret) })).toMatchObject({ code: 'INVALID_CODE' });
    expect(await enabled(client)).toBe(true);
    expect(await client.data(disable, { p: password, c: codeOf(secret, 1) })).toEqual({ disableTwoFactor: true });
    expect(await enabled(client)).toBe(false);
    expect(await sql(`select id from recovery_code where user_id = $1`, [userId])).toEqual([]);
    expect((await new TestClient(app.url).data(logIn, { e: email, p: password })).logIn.accessToken).toEqual(expect.any(String));
    expect((await mailsTo(app.url, email)).at(-1)).toMatchObject({ subject: 'Two-factor authentication is off' });
  });
});
