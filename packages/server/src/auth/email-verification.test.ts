import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm } from '../entities.js';
import { globalMigrations } from '../db/migrations/global/index.js';
import type { TestApp } from '../testing/test-app.js';
import { createTestDatabase, withClient } from '../testing/test-database.js';
import { refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { signUpNew, TestClient, verificationTokenFor, verifyEmailMutation } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({ publicUrl: 'https://crm.example.com', verificationMailsPerUser: { limit: 3, windowSeconds: 3600 } });
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);
const verifiedQuery = '{ me { user { email emailVerified } } }';
const resend = 'mutation { resendVerificationEmail }';
const verify = (token: string) => refusal(new TestClient(app.url), verifyEmailMutation, { token });
const isVerified = async (client: TestClient) => (await client.data(verifiedQuery)).me.user.emailVerified as boolean;

describe('the verification mail of a sign-up', () => {
  it('links to <public URL>/verify-email/<token>, stores only the hash of the token, and shows in no outbox', async () => {
    const client = new TestClient(app.url);
    const { email, auth } = await signUpNew(client);
    expect(await isVerified(client)).toBe(false);
    const [mail] = await sql<{ body_text: string; account_id: string | null }>(`select body_text, account_id from mail_outbox where to_address = $1`, [email]);
    expect(mail!.body_text).toMatch(/^https:\/\/crm\.example\.com\/verify-email\/[A-Za-z0-9_-]{43}$/m);
    expect(mail!.account_id).toBeNull();
    // Not even the new account's owner (the user) can read their own link through the API.
    expect((await client.data('{ outbox { to } }')).outbox).toEqual([]);

    const token = await verificationTokenFor(app.url, email);
    const rows = await sql<{ token_hash: Buffer; email: string; hours: number }>(
      `select token_hash, email, round(extract(epoch from expires_at - created_at) / 3600) as hours from login_link where user_id = $1`,
      [auth.user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(JSON.stringify(await sql('select * from login_link'))).not.toContain(token);
    expect(Number(rows[0]!.hours)).toBe(48);
  });
});

describe('verifyEmail', () => {
  it('verifies the address without a log-in, once: the link is refused after it was used', async () => {
    const client = new TestClient(app.url);
    const { email } = await signUpNew(client);
    const token = await verificationTokenFor(app.url, email);
    const { verifyEmail } = await new TestClient(app.url).data(verifyEmailMutation, { token });
    expect(verifyEmail).toMatchObject({ email, emailVerified: true });
    expect(await isVerified(client)).toBe(true);
    expect(await verify(token)).toEqual({
      code: 'VERIFICATION_LINK_USED',
      message: 'This confirmation link has been used already.',
      extensions: { code: 'VERIFICATION_LINK_USED' },
    });
  });

  it('refuses an expired link and a made-up one, verifying nothing', async () => {
    const client = new TestClient(app.url);
    const { email, auth } = await signUpNew(client);
    const token = await verificationTokenFor(app.url, email);
    await sql(`update login_link set expires_at = now() - interval '1 second' where user_id = $1`, [auth.user.id]);
    expect(await verify(token)).toMatchObject({ code: 'VERIFICATION_LINK_EXPIRED' });
    expect(await verify('x'.repeat(43))).toMatchObject({ code: 'VERIFICATION_LINK_INVALID' });
    expect(await verify('')).toMatchObject({ code: 'VERIFICATION_LINK_INVALID' });
    expect(await isVerified(client)).toBe(false);
  });

  it('refuses a link sent to an address the login no longer has', async () => {
    const client = new TestClient(app.url);
    const { email, auth } = await signUpNew(client);
    const token = await verificationTokenFor(app.url, email);
    await sql(`update app_user set email = $1 where id = $2`, [`changed-${email}`, auth.user.id]);
    expect(await verify(token)).toMatchObject({ code: 'VERIFICATION_LINK_INVALID' });
    expect(await isVerified(client)).toBe(false);
  });
});

describe('resendVerificationEmail', () => {
  it('sends a new link and the older one stops working', async () => {
    const client = new TestClient(app.url);
    const { email } = await signUpNew(client);
    const old = await verificationTokenFor(app.url, email);
    expect((await client.data(resend)).resendVerificationEmail).toBe(true);
    const fresh = await verificationTokenFor(app.url, email);
    expect(fresh).not.toBe(old);
    expect(await verify(old)).toMatchObject({ code: 'VERIFICATION_LINK_INVALID' });
    expect(await isVerified(client)).toBe(false);
    await new TestClient(app.url).data(verifyEmailMutation, { token: fresh });
    expect(await isVerified(client)).toBe(true);
    // Once verified there is nothing to re-send.
    expect(await refusal(client, resend)).toMatchObject({ code: 'CONFLICT' });
  });

  it('is limited per user, saying when to retry, and needs a log-in', async () => {
    const client = new TestClient(app.url);
    const { email } = await signUpNew(client);
    for (let i = 0; i < 3; i++) await client.data(resend);
    const newest = await verificationTokenFor(app.url, email);
    const limited = await refusal(client, resend);
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', extensions: { retryAfterSeconds: expect.any(Number) } });
    expect(await verificationTokenFor(app.url, email)).toBe(newest);
    // Another user's limit is their own.
    const other = new TestClient(app.url);
    await signUpNew(other);
    expect((await other.data(resend)).resendVerificationEmail).toBe(true);
    expect(await refusal(new TestClient(app.url), resend)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('logins older than verification', () => {
  it('count as unverified after the migration', async () => {
    const database = await createTestDatabase();
    const orm = await createOrm(database.url);
    try {
      const before = globalMigrations[globalMigrations.findIndex((m) => m.name === 'Migration20261130000100EmailVerification') - 1]!;
      await orm.getMigrator().up({ to: before.name });
      await withClient(database.url, (db) =>
        db.query(`insert into app_user (id, email, password_hash, name) values (gen_random_uuid(), 'old@example.com', 'x', 'Old')`),
      );
      await orm.getMigrator().up();
      const rows = await withClient(database.url, async (db) => (await db.query(`select email_verified_at from app_user`)).rows);
      expect(rows).toEqual([{ email_verified_at: null }]);
    } finally {
      await orm.close(true);
      await database.drop();
    }
  });
});
