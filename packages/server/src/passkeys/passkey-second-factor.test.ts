import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { addSoftwarePasskey, passkeyAppUrl, startPasskeyTestApp } from '../testing/software-passkey.js';
import { newOwner, refusal } from '../testing/team-fixtures.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { codeOf } from '../testing/totp.js';

/** A passkey as the second step of a password log-in (auth/password-second-factor.ts), with a passkey in software. */
let app: TestApp;
const publicUrl = passkeyAppUrl;
beforeAll(async () => {
  app = await startPasskeyTestApp();
});
afterAll(async () => {
  await app.stop();
});

const logIn = 'mutation($e: String!, $p: String!, $c: String) { logIn(email: $e, password: $p, twoFactorCode: $c) { accessToken user { id } } }';
const complete = 'mutation($id: ID!, $r: String!) { completeLogInWithPasskey(challengeId: $id, response: $r) { accessToken user { id hasSecondFactor } } }';
const passkeyOnly = 'mutation($id: ID!, $r: String!) { logInWithPasskey(challengeId: $id, response: $r) { accessToken } }';

/** The passkey step logIn asks for after the right password: TWO_FACTOR_CODE_REQUIRED and its extensions. */
async function secondStep(email: string, password: string, code?: string) {
  const browser = new TestClient(app.url);
  const refused = await refusal(browser, logIn, { e: email, p: password, c: code });
  expect(browser.cookie).toBeUndefined();
  return { browser, refused: refused as unknown as { code: string; extensions: { totp: boolean; passkey: { challengeId: string; optionsJson: string } | null } } };
}

describe('a passkey as the second factor of a password log-in', () => {
  it('is asked for after the right password of a login with a passkey and no TOTP, and finishes the log-in once', async () => {
    const client = new TestClient(app.url);
    const { email, password, auth } = await signUpNew(client);
    expect((await client.data('{ me { user { hasSecondFactor twoFactorEnabled } } }')).me.user).toEqual({ hasSecondFactor: false, twoFactorEnabled: false });
    const passkey = await addSoftwarePasskey(client, publicUrl);
    expect((await client.data('{ me { user { hasSecondFactor twoFactorEnabled } } }')).me.user).toEqual({ hasSecondFactor: true, twoFactorEnabled: false });

    // A wrong password learns nothing about the second factor.
    expect((await refusal(new TestClient(app.url), logIn, { e: email, p: 'wrong password!!' }))?.extensions).toEqual({ code: 'INVALID_CREDENTIALS' });
    // A code is no way around the passkey: the login has no TOTP.
    const withCode = await secondStep(email, password, '123456');
    expect(withCode.refused).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: false } });

    const { browser, refused } = await secondStep(email, password);
    expect(refused).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: false } });
    const options = JSON.parse(refused.extensions.passkey!.optionsJson);
    expect(options.allowCredentials).toEqual([{ id: passkey.credentialId, type: 'public-key', transports: ['internal'] }]);

    const answer = passkey.assert(refused.extensions.passkey!.optionsJson);
    const { completeLogInWithPasskey } = await browser.data(complete, { id: refused.extensions.passkey!.challengeId, r: answer });
    expect(completeLogInWithPasskey.user).toEqual({ id: auth.user.id, hasSecondFactor: true });
    expect(browser.cookie).toBeDefined();
    // The challenge worked once.
    const again = new TestClient(app.url);
    expect(await refusal(again, complete, { id: refused.extensions.passkey!.challengeId, r: passkey.assert(refused.extensions.passkey!.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect(again.cookie).toBeUndefined();
  });

  it("counts only the passkeys of the login whose password was right, and keeps the password step's challenge apart from a passkey-alone log-in", async () => {
    const victim = new TestClient(app.url);
    const { email, password } = await signUpNew(victim);
    await addSoftwarePasskey(victim, publicUrl);
    const attacker = new TestClient(app.url);
    await signUpNew(attacker);
    const attackersPasskey = await addSoftwarePasskey(attacker, publicUrl);

    const { browser, refused } = await secondStep(email, password);
    const challenge = refused.extensions.passkey!;
    expect(await refusal(browser, complete, { id: challenge.challengeId, r: attackersPasskey.assert(challenge.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect(browser.cookie).toBeUndefined();

    // The password step's challenge does not log in with a passkey alone, nor a passkey-alone challenge finish a password step.
    const next = await secondStep(email, password);
    expect(await refusal(new TestClient(app.url), passkeyOnly, { id: next.refused.extensions.passkey!.challengeId, r: attackersPasskey.assert(next.refused.extensions.passkey!.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });
    const { startPasskeyLogIn } = await new TestClient(app.url).data('mutation { startPasskeyLogIn { challengeId optionsJson } }');
    expect(await refusal(new TestClient(app.url), complete, { id: startPasskeyLogIn.challengeId, r: attackersPasskey.assert(startPasskeyLogIn.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });
  });

  it('offers both the code and the passkey to a login with TOTP and a passkey; either finishes the log-in', async () => {
    const client = new TestClient(app.url);
    const { email, password, auth } = await signUpNew(client);
    const { startTwoFactorSetup } = await client.data('mutation { startTwoFactorSetup { secret } }');
    await client.data('mutation($c: String!) { confirmTwoFactorSetup(code: $c) }', { c: codeOf(startTwoFactorSetup.secret) });
    const totpOnly = await secondStep(email, password);
    expect(totpOnly.refused).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: true, passkey: null } });

    const passkey = await addSoftwarePasskey(client, publicUrl);
    const both = await secondStep(email, password);
    expect(both.refused).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: true } });
    const { completeLogInWithPasskey } = await both.browser.data(complete, { id: both.refused.extensions.passkey!.challengeId, r: passkey.assert(both.refused.extensions.passkey!.optionsJson) });
    expect(completeLogInWithPasskey.user.id).toBe(auth.user.id);
    const byCode = await new TestClient(app.url).data(logIn, { e: email, p: password, c: codeOf(startTwoFactorSetup.secret, 1) });
    expect(byCode.logIn.user.id).toBe(auth.user.id);
  });

  it('is no longer asked for once the last passkey is removed (without TOTP)', async () => {
    const client = new TestClient(app.url);
    const { email, password, auth } = await signUpNew(client);
    const passkey = await addSoftwarePasskey(client, publicUrl);
    await client.data('mutation($id: ID!, $p: String!) { removePasskey(id: $id, password: $p) }', { id: passkey.id, p: password });
    expect((await client.data('{ me { user { hasSecondFactor } } }')).me.user.hasSecondFactor).toBe(false);
    expect((await new TestClient(app.url).data(logIn, { e: email, p: password })).logIn.user.id).toBe(auth.user.id);
  });
});

describe("a passkey as the other login's second factor when merging it", () => {
  it('is asked for after its password, and only its own passkey will do', async () => {
    const a = await newOwner(app.url, 'TEAM', 'Keeper');
    const b = await newOwner(app.url, 'TEAM', 'Retiring');
    const bPasskey = await addSoftwarePasskey(b.client, publicUrl);
    const aPasskey = await addSoftwarePasskey(a.client, publicUrl);
    const merge = 'mutation($e: String!, $p: String!, $id: ID, $r: String) { mergeLogin(email: $e, password: $p, passkeyChallengeId: $id, passkeyResponse: $r) { memberships { account { id } } } }';

    const asked = (await refusal(a.client, merge, { e: b.email, p: b.password })) as unknown as { code: string; extensions: { totp: boolean; passkey: { challengeId: string; optionsJson: string } } };
    expect(asked).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: false } });
    expect(await refusal(a.client, merge, { e: b.email, p: b.password, id: asked.extensions.passkey.challengeId, r: aPasskey.assert(asked.extensions.passkey.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect((await b.client.data('{ me { user { id } } }')).me.user.id).toBe(b.auth.user.id);

    const next = (await refusal(a.client, merge, { e: b.email, p: b.password })) as unknown as typeof asked;
    const { mergeLogin } = await a.client.data(merge, { e: b.email, p: b.password, id: next.extensions.passkey.challengeId, r: bPasskey.assert(next.extensions.passkey.optionsJson) });
    expect(mergeLogin.memberships).toHaveLength(2);
  });
});
