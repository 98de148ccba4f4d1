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
  it('takes three round trips, and its writes do not wait for the disk', async () => {
    const client = new TestClient(app.url);
    const signedUp = await signUpVerified(client);
    const other = await client.data(`mutation { createAccount(input: { name: "Second", planCode: "TEAM" }) { account { id } } }`);
    const ids = [signedUp.auth.account.id as string, other.createAccount.account.id as string];
    await client.data(switchAccount, { id: ids[1] });

    const { result, roundTrips } = await counter.count(() => client.data(switchAccount, { id: ids[0] }));
    expect(result.switchAccount).toMatchObject({ user: { email: signedUp.email }, account: { id: ids[0], name: 'Acme' } });
    // The caller check, the membership with its account and user, then both writes in one transaction.
    expect(roundTrips).toHaveLength(3);
    const writes = roundTrips.filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\s*update app_user set last_account_id = .*;\s*insert into "acct_\w+"\.audit_event/s);
    expect(writes[0]).toContain("set_config('synchronous_commit', 'off', true)");

    // The next log-in opens this account (audit.test.ts shows the entry in the trail).
    const remembered = await app.orm.em.fork().execute<{ last_account_id: string }[]>('select last_account_id from app_user where email = ?', [signedUp.email]);
    expect(remembered[0]!.last_account_id).toBe(ids[0]);
  });
});
