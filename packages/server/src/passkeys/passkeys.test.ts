import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { signUpNew, TestClient } from '../testing/test-client.js';

/**
 * The refusals of passkeys, without an authenticator; creating and using one
 * is tested in Chromium with its virtual authenticator (e2e/passkeys.e2e.ts).
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

const startRegistration = 'mutation { startPasskeyRegistration { challengeId optionsJson } }';
const add = 'mutation($id: ID!, $r: String!, $n: String!) { addPasskey(challengeId: $id, response: $r, name: $n) { id } }';
const startLogIn = 'mutation { startPasskeyLogIn { challengeId optionsJson } }';
const logIn = 'mutation($id: ID!, $r: String!) { logInWithPasskey(challengeId: $id, response: $r) { accessToken } }';
const forgedAnswer = JSON.stringify({ id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' }, clientExtensionResults: {} });

describe('passkeys', () => {
  it('offers options for this site only, bound to the login, excluding nothing yet', async () => {
    const client = new TestClient(app.url);
    const { email, auth } = await signUpNew(client);
    const { startPasskeyRegistration } = await client.data(startRegistration);
    const options = JSON.parse(startPasskeyRegistration.optionsJson);
    expect(options).toMatchObject({ rp: { name: 'Kontor', id: new URL(app.url).hostname }, user: { name: email }, excludeCredentials: [], authenticatorSelection: { residentKey: 'required' } });
    const [row] = await withClient(app.database.url, async (db) => (await db.query(`select user_id, purpose from webauthn_challenge where id = $1`, [startPasskeyRegistration.challengeId])).rows);
    expect(row).toEqual({ user_id: auth.user.id, purpose: 'register' });
  });

  it('refuses an answer that does not verify, and each challenge works once, for its own login only', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    const { startPasskeyRegistration } = await client.data(startRegistration);
    const other = new TestClient(app.url);
    await signUpNew(other);
    // Another login cannot use this login's challenge.
    expect(await refusal(other, add, { id: startPasskeyRegistration.challengeId, r: forgedAnswer, n: 'Laptop' })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect(await refusal(client, add, { id: startPasskeyRegistration.challengeId, r: forgedAnswer, n: 'Laptop' })).toMatchObject({ code: 'INVALID_PASSKEY' });
    // Taken by the refused answer: not again.
    expect(await refusal(client, add, { id: startPasskeyRegistration.challengeId, r: forgedAnswer, n: 'Laptop' })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect(await refusal(client, add, { id: 'not-an-id', r: 'not json', n: 'Laptop' })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect((await client.data('{ passkeys { id } }')).passkeys).toEqual([]);

    const visitor = new TestClient(app.url);
    const { startPasskeyLogIn } = await visitor.data(startLogIn);
    expect(JSON.parse(startPasskeyLogIn.optionsJson)).toMatchObject({ rpId: new URL(app.url).hostname, allowCredentials: [] });
    expect(await refusal(visitor, logIn, { id: startPasskeyLogIn.challengeId, r: forgedAnswer })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect(await refusal(visitor, logIn, { id: startPasskeyLogIn.challengeId, r: forgedAnswer })).toMatchObject({ code: 'INVALID_PASSKEY' });
    expect(visitor.cookie).toBeUndefined();
  });

  it('removes only the login\'s own passkeys, with the password', async () => {
    const client = new TestClient(app.url);
    const { password } = await signUpNew(client);
    const remove = 'mutation($id: ID!, $p: String!) { removePasskey(id: $id, password: $p) }';
    expect(await refusal(client, remove, { id: '00000000-0000-4000-8000-000000000000', p: 'wrong password!' })).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await refusal(client, remove, { id: '00000000-0000-4000-8000-000000000000', p: password })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
