import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { mailedTokenFor, mailsTo, signUpNew, TestClient, uniqueEmail } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

const ask = 'mutation($e: String!, $p: String!) { requestEmailChange(email: $e, password: $p) }';
const confirm = 'mutation($t: String!) { confirmEmailChange(token: $t) { email emailVerified } }';
const myEmail = async (client: TestClient) => (await client.data('{ me { user { email emailVerified } } }')).me.user as { email: string; emailVerified: boolean };

describe('changing the e-mail address', () => {
  it('needs the password, changes nothing until the link mailed to the new address is opened, then tells the old one', async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    const next = uniqueEmail('new');

    expect(await refusal(client, ask, { e: next, p: 'wrong password!' })).toMatchObject({ code: 'INVALID_CREDENTIALS', extensions: { field: 'currentPassword' } });
    expect(await mailsTo(app.url, next)).toEqual([]);

    expect(await client.data(ask, { e: next, p: password })).toEqual({ requestEmailChange: true });
    expect(await myEmail(client)).toEqual({ email, emailVerified: false });
    const token = await mailedTokenFor(app.url, next, 'confirm-email');

    expect((await new TestClient(app.url).data(confirm, { t: token })).confirmEmailChange).toEqual({ email: next, emailVerified: true });
    expect(await myEmail(client)).toEqual({ email: next, emailVerified: true });
    expect((await mailsTo(app.url, email)).at(-1)).toMatchObject({ subject: 'Your Kontor login has a new e-mail address' });
    expect((await mailsTo(app.url, email)).at(-1)!.text).toContain(next);
    expect(await refusal(new TestClient(app.url), confirm, { t: token })).toMatchObject({ code: 'VERIFICATION_LINK_USED' });
    // The login goes by its new address now.
    const logIn = 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { user { email } } }';
    expect((await new TestClient(app.url).data(logIn, { e: next, p: password })).logIn.user.email).toBe(next);
    expect(await refusal(new TestClient(app.url), logIn, { e: email, p: password })).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it("refuses another login's address, when asked and when it was taken meanwhile", async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    const other = await signUpNew(new TestClient(app.url));
    expect(await refusal(client, ask, { e: other.email.toUpperCase(), p: password })).toMatchObject({ code: 'CONFLICT', extensions: { field: 'email' } });

    const next = uniqueEmail('contested');
    await client.data(ask, { e: next, p: password });
    const token = await mailedTokenFor(app.url, next, 'confirm-email');
    await signUpNew(new TestClient(app.url), { email: next });
    expect(await refusal(new TestClient(app.url), confirm, { t: token })).toMatchObject({ code: 'CONFLICT' });
    expect((await myEmail(client)).email).toBe(email);
  });

  it('refuses the current address and a malformed one, naming the field, and needs a log-in', async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    expect(await refusal(client, ask, { e: email, p: password })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'email' } });
    expect(await refusal(client, ask, { e: 'not an address', p: password })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'email' } });
    expect(await refusal(new TestClient(app.url), ask, { e: uniqueEmail(), p: password })).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
