import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCountingLogger } from '../testing/query-counter.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpVerified, TestClient } from '../testing/test-client.js';

const counter = queryCountingLogger();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug' }, logger: counter.logger });
});
afterAll(async () => {
  await app.stop();
});

const switchAccount = 'mutation Switch($id: ID!) { switchAccount(accountId: $id) { accessToken user { id email } account { id name } } }';

describe("switchAccount's path to the database", () => {
  it('takes two round trips, and its writes do not wait for the disk', async () => {
    const client = new TestClient(app.url);
    const signedUp = await signUpVerified(client);
    const other = await client.data(`mutation { createAccount(input: { name: "Second", planCode: "TEAM" }) { account { id } } }`);
    const ids = [signedUp.auth.account.id as string, other.createAccount.account.id as string];
    await client.data(switchAccount, { id: ids[1] });

    const { result, roundTrips } = await counter.count(() => client.data(switchAccount, { id: ids[0] }));
    expect(result.switchAccount).toMatchObject({ user: { email: signedUp.email }, account: { id: ids[0], name: 'Acme' } });
    // The caller check with the look-ups of the membership, its account and plan and the user; then both writes in one transaction.
    expect(roundTrips).toHaveLength(2);
    expect(roundTrips[0]).toMatch(/^SELECT \* FROM kontor_check_caller\(.*;\s*select m\.status/s);
    const writes = roundTrips.filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\s*update app_user set last_account_id = .*;\s*insert into "acct_\w+"\.audit_event/s);
    expect(writes[0]).toContain("set_config('synchronous_commit', 'off', true)");

    // The next log-in opens this account (audit.test.ts shows the entry in the trail).
    const remembered = await app.orm.em.fork().execute<{ last_account_id: string }[]>('select last_account_id from app_user where email = ?', [signedUp.email]);
    expect(remembered[0]!.last_account_id).toBe(ids[0]);
  });

  it('answers nothing and writes nothing once the session has ended, whose check travelled with the look-ups', async () => {
    const client = new TestClient(app.url);
    const signedUp = await signUpVerified(client);
    const other = await client.data(`mutation { createAccount(input: { name: "Second", planCode: "TEAM" }) { account { id } } }`);
    const before = await app.orm.em.fork().execute<{ last_account_id: string }[]>('select last_account_id from app_user where email = ?', [signedUp.email]);
    const tokenOfTheEndedSession = client.token;
    await client.data('mutation { logOut }');
    client.token = tokenOfTheEndedSession;

    const { result, roundTrips } = await counter.count(() => client.request(switchAccount, { id: signedUp.auth.account.id }));
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
    expect(roundTrips).toHaveLength(1);
    const after = await app.orm.em.fork().execute<{ last_account_id: string }[]>('select last_account_id from app_user where email = ?', [signedUp.email]);
    expect(after[0]!.last_account_id).toBe(before[0]!.last_account_id);
    expect(before[0]!.last_account_id).toBe(other.createAccount.account.id);
  });

  it('refuses an account of someone else, and a malformed ID, as NOT_FOUND', async () => {
    const client = new TestClient(app.url);
    await signUpVerified(client);
    const stranger = new TestClient(app.url);
    const strangers = await signUpVerified(stranger);
    for (const id of [strangers.auth.account.id, 'not-an-id']) {
      const result = await client.request(switchAccount, { id });
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});
