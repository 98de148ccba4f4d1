import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCountingLogger } from '../testing/query-counter.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpVerified, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

const counter = queryCountingLogger();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug', spareAccountSchemas: 8 }, logger: counter.logger });
});
afterAll(async () => {
  await app.stop();
});

const createAccount = 'mutation($n: String!) { createAccount(input: { name: $n, planCode: "TEAM" }) { accessToken user { email } account { id name } } }';

describe("createAccount's path to the database", () => {
  it('from the reserve: the caller check with the reads it needs, the counts, then the creating transaction', async () => {
    const client = new TestClient(app.url);
    const { email } = await signUpVerified(client);
    // The keeper has filled the reserve (db/spare-account-schemas.ts): none of its DDL among the statements counted below.
    await expect
      .poll(() => withClient(app.database.url, async (db) => (await db.query('select count(*)::int as n from spare_account_schema')).rows[0].n), { timeout: 60_000 })
      .toBe(8);
    // Its timer would look again every 2 s, and its statements would land among the request's (CI met that).
    await app.spareSchemas.stop();
    await client.data('{ currentAccount { id } }'); // The session's first request notes the membership active: not part of the path.

    const { result, roundTrips } = await counter.count(() => client.data(createAccount, { n: 'Second' }));
    expect(result.createAccount).toMatchObject({ user: { email }, account: { name: 'Second' } });
    const steps = roundTrips.map((sql) => sql.replace(/\s+/g, ' ').trim());
    expect(steps[0]).toMatch(/^SELECT \* FROM kontor_check_caller\(.*\); select \* from app_user where id = '[^']+'; select \* from plan where code = 'TEAM'$/);
    // Both counts of new accounts, the address's and the user's: one statement.
    expect(steps[1]).toMatch(/^with step0 as \( insert into rate_limit .*'account-creation:client:.*step1 as \( insert into rate_limit .*'account-creation:user:/);
    // The account, its owner's membership, its subscription and first package change: one round trip.
    expect(steps[2]).toMatch(/^BEGIN; insert into "account" .*; insert into "membership" .*; insert into "subscription" .*; insert into "plan_change" /);
    // A spare is taken, then renamed with its role and recorded.
    expect(steps.filter((sql) => /spare_account_schema|^alter schema/.test(sql))).toEqual([
      expect.stringMatching(/^delete from spare_account_schema .* for update skip locked .* returning schema_name$/),
      expect.stringMatching(/^alter schema "acct_\w+" rename to "acct_\w+"; alter role /),
    ]);
    // The new account becomes the owner's last one, which locks the owner's row for the count of owned accounts.
    expect(steps.at(-2)).toMatch(/^update app_user set last_account_id = '[^']+' where id = '[^']+'; select count\(\*\)/);
    expect(steps.at(-1)).toBe('COMMIT;');
    // The user for the answer and the owner's language come from the first round trip: no other read of app_user.
    expect(steps.filter((sql) => /^select .* from "?app_user"?/.test(sql))).toEqual([]);
    expect(steps.filter((sql) => /app_user/.test(sql))).toEqual([steps[0], steps.at(-2)]);
    expect(steps).toHaveLength(7);
  });
});
