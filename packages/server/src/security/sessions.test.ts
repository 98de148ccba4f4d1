import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { codeOf } from '../testing/totp.js';
import { refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { mailsTo, signUpNew, TestClient } from '../testing/test-client.js';
import { coarseAddress, describeUserAgent } from './client-description.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

const chromeOnLinux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const firefoxOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const safariOnIphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const logIn = 'mutation($e: String!, $p: String!, $c: String) { logIn(email: $e, password: $p, twoFactorCode: $c) { accessToken } }';
const sessions = '{ sessions { id browser os clientAddress createdAt lastUsedAt current } }';
const events = '{ securityEvents { kind browser os clientAddress occurredAt } }';

/** A new login signed up from Chrome on Linux, and a second session of it from `userAgent`. */
async function loginWithTwoSessions(userAgent = firefoxOnWindows) {
  const first = new TestClient(app.url);
  first.userAgent = chromeOnLinux;
  const signedUp = await signUpNew(first);
  const second = new TestClient(app.url);
  second.userAgent = userAgent;
  second.token = (await second.data(logIn, { e: signedUp.email, p: signedUp.password })).logIn.accessToken;
  return { first, second, ...signedUp };
}

describe('describing a client', () => {
  it('names browser and system from the user agent and coarsens the address', () => {
    expect(describeUserAgent(chromeOnLinux)).toEqual({ browser: 'Chrome 131', os: 'Linux' });
    expect(describeUserAgent(safariOnIphone)).toEqual({ browser: 'Safari 17', os: 'iOS 17.5' });
    expect(describeUserAgent(undefined)).toEqual({ browser: null, os: null });
    expect(coarseAddress('203.0.113.77')).toBe('203.0.113.x');
    expect(coarseAddress('::ffff:198.51.100.9')).toBe('198.51.100.x');
    expect(coarseAddress('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(coarseAddress('not an address')).toBeNull();
  });
});

describe('where you are logged in', () => {
  it('lists the login\'s sessions with browser, system and a coarse address, marking this one', async () => {
    const { first, second } = await loginWithTwoSessions();
    const listed = (await second.data(sessions)).sessions as { browser: string; os: string; clientAddress: string; current: boolean }[];
    expect(listed).toHaveLength(2);
    expect(listed.find((s) => s.current)).toMatchObject({ browser: 'Firefox 133', os: 'Windows 10' });
    expect(listed.find((s) => !s.current)).toMatchObject({ browser: 'Chrome 131', os: 'Linux', clientAddress: '127.0.0.x' });
    expect((await first.data(sessions)).sessions.find((s: { current: boolean }) => s.current).browser).toBe('Chrome 131');
  });

  it('ends one session (its token is refused at once), but never another login\'s, and refuses nonsense', async () => {
    const { first, second } = await loginWithTwoSessions();
    const other = await loginWithTwoSessions();
    const otherSessionId = (await other.first.data(sessions)).sessions[0].id;
    const endSession = 'mutation($id: ID!) { endSession(id: $id) }';
    expect(await refusal(first, endSession, { id: otherSessionId })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(first, endSession, { id: 'not-a-session' })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await other.first.data(sessions)).sessions).toHaveLength(2);

    const secondId = (await second.data(sessions)).sessions.find((s: { current: boolean }) => s.current).id;
    expect(await first.data(endSession, { id: secondId })).toEqual({ endSession: true });
    expect(await refusal(second, '{ me { user { id } } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(first, endSession, { id: secondId })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await first.data(sessions)).sessions).toHaveLength(1);
  });

  it('ends every other session and keeps this one', async () => {
    const { first, second, email, password } = await loginWithTwoSessions();
    const third = new TestClient(app.url);
    third.token = (await third.data(logIn, { e: email, p: password })).logIn.accessToken;
    expect(await first.data('mutation { endOtherSessions }')).toEqual({ endOtherSessions: 2 });
    expect(await refusal(second, '{ me { user { id } } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(third, '{ me { user { id } } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await first.data(sessions)).sessions.map((s: { current: boolean }) => s.current)).toEqual([true]);
  });
});

describe('security events', () => {
  it('records and mails a log-in from a browser not seen before, and not the next one from it', async () => {
    const { first, email, password } = await loginWithTwoSessions(firefoxOnWindows);
    const listed = (await first.data(events)).securityEvents;
    expect(listed).toEqual([expect.objectContaining({ kind: 'NEW_BROWSER_SIGN_IN', browser: 'Firefox 133', os: 'Windows 10', clientAddress: '127.0.0.x' })]);
    expect((await mailsTo(app.url, email)).at(-1)).toMatchObject({ subject: 'New sign-in to your Kontor login' });
    expect((await mailsTo(app.url, email)).at(-1)!.text).toContain('Firefox 133 on Windows 10');

    const again = new TestClient(app.url);
    again.userAgent = firefoxOnWindows.replace('133.0', '134.0');
    await again.data(logIn, { e: email, p: password });
    const chromeAgain = new TestClient(app.url);
    chromeAgain.userAgent = chromeOnLinux;
    await chromeAgain.data(logIn, { e: email, p: password });
    expect((await first.data(events)).securityEvents).toHaveLength(1);
  });

  it('lists password, second factor and recovery code changes, newest first, each mailed', async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    await client.data('mutation($c: String!, $p: String!) { changePassword(currentPassword: $c, password: $p) }', { c: password, p: 'another long passphrase' });
    const { startTwoFactorSetup } = await client.data('mutation { startTwoFactorSetup { secret } }');
    const [recovery] = (await client.data('mutation($c: String!) { confirmTwoFactorSetup(code: $c) }', { c: codeOf(startTwoFactorSetup.secret) })).confirmTwoFactorSetup;
    await client.data('mutation($c: String!) { regenerateRecoveryCodes(code: $c) }', { c: recovery });
    await client.data('mutation($p: String!, $c: String!) { disableTwoFactor(password: $p, code: $c) }', { p: 'another long passphrase', c: codeOf(startTwoFactorSetup.secret, 1) });
    expect((await client.data(events)).securityEvents.map((e: { kind: string }) => e.kind)).toEqual([
      'TWO_FACTOR_DISABLED',
      'RECOVERY_CODES_REGENERATED',
      'TWO_FACTOR_ENABLED',
      'PASSWORD_CHANGED',
    ]);
    expect((await mailsTo(app.url, email)).map((m) => m.subject)).toEqual(
      expect.arrayContaining(['Your Kontor password was changed', 'Two-factor authentication is on', 'New recovery codes for your Kontor login', 'Two-factor authentication is off']),
    );
    // Only the login's own events: another login sees none of them.
    const stranger = new TestClient(app.url);
    await signUpNew(stranger);
    expect((await stranger.data(events)).securityEvents).toEqual([]);
  });
});
