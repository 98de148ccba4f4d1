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
  it('takes four round trips, and none of its writes waits for the disk', async () => {
    const client = new TestClient(app.url);
    const signedUp = await signUpVerified(client);
    const other = await client.data(`mutation { createAccount(input: { name: "Second", planCode: "TEAM" }) { account { id } } }`);
    const ids = [signedUp.auth.account.id as string, other.createAccount.account.id as string];
    await client.data(switchAccount, { id: ids[1] });

    const { result, roundTrips } = await counter.count(() => client.data(switchAccount, { id: ids[0] }));
    expect(result.switchAccount).toMatchObject({ user: { email: signedUp.email }, account: { id: ids[0], name: 'Acme' } });
    // The caller check, the membership with its account and user, remembering the account, the audit entry.
    expect(roundTrips).toHaveLength(4);
    const writes = roundTrips.filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql));
    expect(writes).toHaveLength(2);
    for (const write of writes) expect(write).toContain("set_config('synchronous_commit', 'off', true)");
  });
});
