import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient, uniqueEmail } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { refreshGraceSeconds } from './session.service.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: { rateLimits: { authPerEmail: { limit: 3, windowSeconds: 60 }, authPerClient: { limit: 1000, windowSeconds: 60 }, refreshPerClient: { limit: 1000, windowSeconds: 60 } } } });
});
afterAll(async () => {
  await app.stop();
});

const refresh = (accountId?: string) =>
  `mutation { refreshSession${accountId ? `(accountId: "${accountId}")` : ''} { accessToken user { id } account { id } } }`;

/** Moves the session's last rotation back in time, past the grace period. */
const ageRotation = (sessionId: string) =>
  withClient(app.database.url, (client) => client.query(`update session set rotated_at = now() - interval '1 minute' where id = $1`, [sessionId]));

const sessionIdOf = (client: TestClient) => decodeURIComponent(client.cookie!.split('=')[1]!).split('.')[0]!;

describe('sessions', () => {
  it('refresh with the cookie, rotating it, scoped to the account asked for', async () => {
    const client = new TestClient(app.url);
    const { auth } = await signUpNew(client);
    const before = client.cookie;
    const result = await client.data(refresh(auth.account.id));
    expect(result.refreshSession.account.id).toBe(auth.account.id);
    expect(client.cookie).toBeDefined();
    expect(client.cookie).not.toBe(before);
    const unscoped = await client.data(refresh());
    expect(unscoped.refreshSession.account).toBeNull();
  });

  it('refuse to scope a refreshed token to an account the user does not belong to', async () => {
    const other = await signUpNew(new TestClient(app.url));
    const client = new TestClient(app.url);
    await signUpNew(client);
    const result = await client.request(refresh(other.auth.account.id));
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.data).toBeNull();
  });

  it('let two tabs refresh at the same moment without ending the session', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    const tabs = [client.tab(), client.tab(), client.tab()];
    const results = await Promise.all(tabs.map((tab) => tab.request(refresh())));
    for (const result of results) expect(result.errors).toBeUndefined();
    // Exactly one of them rotated the cookie; the others were answered without a new one.
    const rotated = tabs.filter((tab) => tab.cookie !== client.cookie);
    expect(rotated).toHaveLength(1);
    expect((await rotated[0]!.request(refresh())).errors).toBeUndefined();
  });

  it(`end the whole session when a replaced refresh token is used again after ${refreshGraceSeconds} s`, async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    const thief = client.tab();
    await client.data(refresh());
    await ageRotation(sessionIdOf(client));

    const stolen = await thief.request(refresh());
    expect(stolen.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(stolen.errors?.[0]?.message).toMatch(/already used/);
    // The rightful holder's cookie and access token are dead too.
    expect((await client.request(refresh())).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await client.request('{ me { user { id } } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('end with logOut: the access token is refused on the next request and the cookie is cleared', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    const token = client.token;
    expect((await client.data('mutation { logOut }')).logOut).toBe(true);
    expect(client.cookie).toBeUndefined();
    client.token = token;
    const result = await client.request('{ me { user { id } } }');
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: 'Your session has ended. Please log in again.' });
  });

  it('keep other sessions of the same user alive on logOut', async () => {
    const laptop = new TestClient(app.url);
    const { email, password } = await signUpNew(laptop);
    const phone = new TestClient(app.url);
    phone.token = (await phone.data(`mutation { logIn(email: "${email}", password: "${password}") { accessToken } }`)).logIn.accessToken;
    await laptop.data('mutation { logOut }');
    expect((await phone.data('{ me { user { email } } }')).me.user.email).toBe(email);
  });

  it("end nothing on logOut with a forged cookie that names another user's session; the real cookie ends it", async () => {
    const victim = new TestClient(app.url);
    await signUpNew(victim);
    const forger = new TestClient(app.url);
    forger.cookie = `kontor_refresh=${encodeURIComponent(`${sessionIdOf(victim)}.forged-secret`)}`;
    expect((await forger.data('mutation { logOut }')).logOut).toBe(true);
    expect(forger.cookie).toBeUndefined();
    // The victim's session lives on: the token works and the cookie still refreshes.
    expect((await victim.request('{ me { user { id } } }')).errors).toBeUndefined();
    expect((await victim.request(refresh())).errors).toBeUndefined();

    const cookieOnly = victim.tab();
    expect((await cookieOnly.data('mutation { logOut }')).logOut).toBe(true);
    expect((await victim.request('{ me { user { id } } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("end on logOut the token's session and the session of the cookie beside it, when they differ", async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    const firstToken = client.token;
    // Logged in again in another tab: the browser's cookie now belongs to a second session.
    await client.data(`mutation { logIn(email: "${email}", password: "${password}") { accessToken } }`);
    const secondCookie = client.tab();
    client.token = firstToken;
    expect((await client.data('mutation { logOut }')).logOut).toBe(true);
    expect(client.cookie).toBeUndefined();
    expect((await secondCookie.request(refresh())).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("end nothing on refreshSession with a forged cookie that names another user's session", async () => {
    const victim = new TestClient(app.url);
    await signUpNew(victim);
    const forger = new TestClient(app.url);
    forger.cookie = `kontor_refresh=${encodeURIComponent(`${sessionIdOf(victim)}.forged-secret`)}`;
    const forged = await forger.request(refresh());
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await victim.request('{ me { user { id } } }')).errors).toBeUndefined();
    expect((await victim.request(refresh())).errors).toBeUndefined();
  });

  it('rate-limit sign-up and log-in attempts per e-mail, saying when to retry', async () => {
    const email = uniqueEmail('limited');
    const login = `mutation { logIn(email: "${email}", password: "wrong password") { accessToken } }`;
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await new TestClient(app.url).request(login)).errors?.[0]?.extensions);
    expect(codes.slice(0, 3).map((e) => e?.code)).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
    expect(codes[3]).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  });
});

describe('rate limits per client address', () => {
  it('count attempts with any e-mail from one address', async () => {
    const limited = await startTestApp({ config: { rateLimits: { authPerEmail: { limit: 100, windowSeconds: 60 }, authPerClient: { limit: 2, windowSeconds: 60 }, refreshPerClient: { limit: 100, windowSeconds: 60 } } } });
    try {
      const attempt = () => new TestClient(limited.url).request(`mutation { logIn(email: "${uniqueEmail()}", password: "whatever pw") { accessToken } }`);
      expect((await attempt()).errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
      expect((await attempt()).errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
      expect((await attempt()).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    } finally {
      await limited.stop();
    }
  });

  it('behind a trusted proxy, count the address the proxy added, not the leftmost X-Forwarded-For entry the client wrote', async () => {
    const limited = await startTestApp({
      config: {
        trustProxy: { kind: 'hops', hops: 1 },
        rateLimits: { authPerEmail: { limit: 100, windowSeconds: 60 }, authPerClient: { limit: 2, windowSeconds: 60 }, refreshPerClient: { limit: 100, windowSeconds: 60 } },
      },
    });
    try {
      const attempt = (forwardedFor: string) =>
        graphql(limited.url, `mutation { logIn(email: "${uniqueEmail()}", password: "whatever pw") { accessToken } }`, {}, { 'x-forwarded-for': forwardedFor });
      const codes = [];
      for (const forged of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) codes.push((await attempt(`${forged}, 203.0.113.7`)).errors?.[0]?.extensions?.code);
      expect(codes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'RATE_LIMITED']);
      // Another client behind the same proxy has a count of its own.
      expect((await attempt('1.1.1.1, 203.0.113.8')).errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
      // An IPv6 client counts by its /64: switching to another address of it changes nothing.
      const fromIpv6 = [];
      for (const address of ['2001:db8:7:7::1', '2001:db8:7:7::2', '2001:db8:7:7:ffff::3']) fromIpv6.push((await attempt(address)).errors?.[0]?.extensions?.code);
      expect(fromIpv6).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'RATE_LIMITED']);
    } finally {
      await limited.stop();
    }
  });
});
