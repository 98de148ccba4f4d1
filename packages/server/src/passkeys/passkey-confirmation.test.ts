import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { addSoftwarePasskey, passkeyAppUrl, startPasskeyTestApp } from '../testing/software-passkey.js';
import { refusal } from '../testing/team-fixtures.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { codeOf } from '../testing/totp.js';

/**
 * A passkey as the second factor of the signed-in steps that ask for one
 * (auth/password-second-factor.ts, 'confirm'): changing the password, new
 * recovery codes, turning TOTP off.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startPasskeyTestApp();
});
afterAll(async () => {
  await app.stop();
});

type Asked = { code: string; extensions: { totp: boolean; passkey: { challengeId: string; optionsJson: string } | null } };
const changePassword =
  'mutation($c: String!, $p: String!, $code: String, $id: ID, $r: String) { changePassword(currentPassword: $c, password: $p, twoFactorCode: $code, passkeyChallengeId: $id, passkeyResponse: $r) }';
const regenerate = 'mutation($c: String, $id: ID, $r: String) { regenerateRecoveryCodes(code: $c, passkeyChallengeId: $id, passkeyResponse: $r) }';
const disable = 'mutation($p: String!, $c: String, $id: ID, $r: String) { disableTwoFactor(password: $p, code: $c, passkeyChallengeId: $id, passkeyResponse: $r) }';
const logIn = 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }';
const complete = 'mutation($id: ID!, $r: String!) { completeLogInWithPasskey(challengeId: $id, response: $r) { accessToken } }';
const newPassword = 'a brand new passphrase';

/** The challenge a step answers with when it asks for the second factor. */
const askedOf = async (client: TestClient, query: string, variables: Record<string, unknown>) => (await refusal(client, query, variables)) as unknown as Asked;

/** A login with TOTP on; its secret, for codes. */
async function withTotp(client: TestClient): Promise<string> {
  const { startTwoFactorSetup } = await client.data('mutation { startTwoFactorSetup { secret } }');
  await client.data('mutation($c: String!) { confirmTwoFactorSetup(code: $c) }', { c: codeOf(startTwoFactorSetup.secret) });
  return startTwoFactorSetup.secret;
}

describe('changePassword with a passkey as the second factor', () => {
  it("asks a login with a passkey and no TOTP for it (the current password alone no longer does), and only that login's passkey will do", async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    const passkey = await addSoftwarePasskey(client, passkeyAppUrl);
    const stranger = new TestClient(app.url);
    await signUpNew(stranger);
    const strangersPasskey = await addSoftwarePasskey(stranger, passkeyAppUrl);
    const otherSession = new TestClient(app.url);
    otherSession.token = (await otherSession.request(logIn, { e: email, p: password })).data?.logIn?.accessToken;

    const asked = await askedOf(client, changePassword, { c: password, p: newPassword });
    expect(asked).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: false } });
    expect(JSON.parse(asked.extensions.passkey!.optionsJson).allowCredentials).toEqual([expect.objectContaining({ id: passkey.credentialId })]);
    expect(await refusal(client, changePassword, { c: password, p: newPassword, code: '123456' })).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED' });
    expect(await refusal(client, changePassword, { c: password, p: newPassword, id: asked.extensions.passkey!.challengeId, r: strangersPasskey.assert(asked.extensions.passkey!.optionsJson) })).toMatchObject({
      code: 'INVALID_PASSKEY',
    });
    // The challenge of a signed-in step never finishes a log-in.
    const next = (await askedOf(client, changePassword, { c: password, p: newPassword })).extensions.passkey!;
    expect(await refusal(new TestClient(app.url), complete, { id: next.challengeId, r: passkey.assert(next.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });
    // Nothing changed so far.
    expect((await new TestClient(app.url).request(logIn, { e: email, p: newPassword })).errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');

    const last = (await askedOf(client, changePassword, { c: password, p: newPassword })).extensions.passkey!;
    expect(await client.data(changePassword, { c: password, p: newPassword, id: last.challengeId, r: passkey.assert(last.optionsJson) })).toEqual({ changePassword: true });
    expect(await refusal(otherSession, '{ me { user { id } } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    // The challenge worked once.
    expect(await refusal(client, changePassword, { c: newPassword, p: 'yet another passphrase', id: last.challengeId, r: passkey.assert(last.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });
  });

  it('takes a passkey instead of the code from a login with TOTP and a passkey', async () => {
    const client = new TestClient(app.url);
    const { password } = await signUpNew(client);
    await withTotp(client);
    const passkey = await addSoftwarePasskey(client, passkeyAppUrl);
    const asked = await askedOf(client, changePassword, { c: password, p: newPassword });
    expect(asked).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: true } });
    const step = asked.extensions.passkey!;
    expect(await client.data(changePassword, { c: password, p: newPassword, id: step.challengeId, r: passkey.assert(step.optionsJson) })).toEqual({ changePassword: true });
  });
});

describe('recovery codes and turning TOTP off with a passkey', () => {
  it('makes new recovery codes for a passkey instead of a code; the old ones stop working', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    const secret = await withTotp(client);
    const old = (await client.data(regenerate, { c: codeOf(secret, 1) })).regenerateRecoveryCodes as string[];
    // TOTP alone: a code is asked for, no passkey offered.
    expect(await refusal(client, regenerate, {})).toMatchObject({ code: 'TWO_FACTOR_CODE_REQUIRED', extensions: { totp: true, passkey: null } });

    const passkey = await addSoftwarePasskey(client, passkeyAppUrl);
    const step = (await askedOf(client, regenerate, {})).extensions.passkey!;
    const { regenerateRecoveryCodes } = await client.data(regenerate, { id: step.challengeId, r: passkey.assert(step.optionsJson) });
    expect(regenerateRecoveryCodes).toHaveLength(10);
    expect(await refusal(client, regenerate, { c: old[0] })).toMatchObject({ code: 'INVALID_CODE' });
    expect(await client.data(regenerate, { c: regenerateRecoveryCodes[0] })).toMatchObject({ regenerateRecoveryCodes: expect.any(Array) });
  });

  it('turns TOTP off with the password and a passkey; a wrong password is refused first, and the passkey stays a second factor', async () => {
    const client = new TestClient(app.url);
    const { password } = await signUpNew(client);
    await withTotp(client);
    const passkey = await addSoftwarePasskey(client, passkeyAppUrl);
    expect(await refusal(client, disable, { p: 'not the password' })).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const step = (await askedOf(client, disable, { p: password })).extensions.passkey!;
    expect(await client.data(disable, { p: password, id: step.challengeId, r: passkey.assert(step.optionsJson) })).toEqual({ disableTwoFactor: true });
    expect((await client.data('{ me { user { twoFactorEnabled hasSecondFactor } } }')).me.user).toEqual({ twoFactorEnabled: false, hasSecondFactor: true });
    expect(await refusal(client, regenerate, {})).toMatchObject({ code: 'CONFLICT' });
  });

  it('limits the challenges a signed-in step hands out per login', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    await withTotp(client);
    await addSoftwarePasskey(client, passkeyAppUrl);
    const answers: unknown[] = [];
    for (let i = 0; i < 51; i++) answers.push((await refusal(client, regenerate, {}))?.code);
    expect(answers.slice(0, 50).every((code) => code === 'TWO_FACTOR_CODE_REQUIRED')).toBe(true);
    expect(answers[50]).toBe('RATE_LIMITED');
  });

  it("refuses another login's confirmation challenge, even answered by that login's own passkey", async () => {
    const victim = new TestClient(app.url);
    const { password } = await signUpNew(victim);
    await withTotp(victim);
    await addSoftwarePasskey(victim, passkeyAppUrl);
    const attacker = new TestClient(app.url);
    await signUpNew(attacker);
    await withTotp(attacker);
    const attackersPasskey = await addSoftwarePasskey(attacker, passkeyAppUrl);
    const attackersStep = (await askedOf(attacker, regenerate, {})).extensions.passkey!;
    expect(await refusal(victim, disable, { p: password, id: attackersStep.challengeId, r: attackersPasskey.assert(attackersStep.optionsJson) })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect((await victim.data('{ me { user { twoFactorEnabled } } }')).me.user.twoFactorEnabled).toBe(true);
  });
});
