import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { authFields, signUpNew, signUpVerified, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const switchTo = (client: TestClient, id: string) => client.request(`mutation($id: ID!) { switchAccount(accountId: $id) { ${authFields} } }`, { id });

describe('switchAccount', () => {
  it('exchanges the session for a token scoped to another account of the user, without logging in again', async () => {
    const client = new TestClient(app.url);
    const first = await signUpVerified(client, { accountName: 'First' });
    const second = (await client.data(`mutation { createAccount(input: { name: "Second", planCode: "TEAM" }) { ${authFields} } }`)).createAccount;
    expect(second.account.name).toBe('Second');

    const back = await switchTo(client, first.auth.account.id);
    expect(back.data?.switchAccount.account.name).toBe('First');
    client.token = back.data!.switchAccount.accessToken;
    expect((await client.data('{ currentAccount { name } }')).currentAccount.name).toBe('First');
  });

  it('remembers the account switched to: the next log-in opens it', async () => {
    const client = new TestClient(app.url);
    const first = await signUpVerified(client, { accountName: 'Remembered' });
    await client.data(`mutation { createAccount(input: { name: "Newer", planCode: "TEAM" }) { ${authFields} } }`);
    expect((await switchTo(client, first.auth.account.id)).errors).toBeUndefined();
    const again = await new TestClient(app.url).data(`mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { ${authFields} } }`, {
      e: first.email,
      p: first.password,
    });
    expect(again.logIn.account.name).toBe('Remembered');
  });

  it("refuses an account the user does not belong to, returning none of its data", async () => {
    const stranger = await signUpNew(new TestClient(app.url), { accountName: 'Secret Corp' });
    const client = new TestClient(app.url);
    await signUpNew(client);
    const result = await switchTo(client, stranger.auth.account.id);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.data).toBeNull();
    expect(JSON.stringify(result)).not.toContain('Secret Corp');
  });

  it('refuses an account where the membership is deactivated, and the old token stops working there at once', async () => {
    const client = new TestClient(app.url);
    const { auth } = await signUpVerified(client, { accountName: 'Left' });
    const other = (await client.data(`mutation { createAccount(input: { name: "Stay", planCode: "TEAM" }) { ${authFields} } }`)).createAccount;
    const leftToken = (await switchTo(client, auth.account.id)).data!.switchAccount.accessToken;
    await withClient(app.database.url, (db) =>
      db.query(`update membership set status = 'DEACTIVATED' where account_id = $1 and user_id = $2`, [auth.account.id, auth.user.id]),
    );

    const refused = await switchTo(client, auth.account.id);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data).toBeNull();

    const stale = new TestClient(app.url);
    stale.token = leftToken;
    // Still signed in: the other account remains reachable with the same session.
    expect((await stale.data('{ currentAccount { id } }')).currentAccount).toBeNull();
    expect((await switchTo(stale, other.account.id)).data?.switchAccount.account.name).toBe('Stay');
  });

  it('refuses an ID that is not an account ID', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    expect((await switchTo(client, "1' or '1'='1")).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('needs a signed-in user', async () => {
    const result = await switchTo(new TestClient(app.url), '00000000-0000-0000-0000-000000000000');
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: 'You need to log in first.' });
  });
});
