import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSchemaName } from '../db/account-schema.js';
import { newMember, newOwner } from '../testing/billing-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { Role } from './roles.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  // A package the test account fills exactly, and a smaller one it cannot move to.
  await withClient(app.database.url, (db) =>
    db.query(`insert into plan (code, name, price_cents, max_users, max_contacts, storage_bytes, sort_order)
              values ('EDGE', 'Edge', 0, 2, 2, 1000000000, 98), ('BELOW', 'Below', 0, 1, 1, 1, 97)`),
  );
});
afterAll(async () => {
  await app.stop();
});

const usageQuery = '{ usage { users { used limit } contacts { used limit } storage { used limit } } }';
const subscriptionUsage = '{ subscription { usage { activeUsers contacts storageBytes } } }';
const preview = 'query($planCode: String!) { previewPlanChange(planCode: $planCode) { allowed limitsExceeded { limit usage allowed } } }';
const changePlan = 'mutation($planCode: String!) { changePlan(planCode: $planCode) { plan { code } } }';

describe('the usage query and the package change', () => {
  it('report the same users, contacts and storage bytes for an account right at its limits, as the seat limit does', async () => {
    const { client, account } = await newOwner(app, { planCode: 'EDGE' });
    await newMember(app, account.id, Role.NORMAL);
    await client.data('mutation { createPerson(input: { lastName: "One" }) { id } }');
    await client.data('mutation { createCompany(input: { name: "Alone Inc" }) { id } }');
    // Storage is the schema's size on disk, whatever kind of relation holds it: a materialized view (a report cache) counts too.
    const schema = accountSchemaName(account.id);
    await withClient(app.database.url, (db) => db.query(`create materialized view ${schema}.people_report as select * from ${schema}.person`));
    const [diskSize] = await withClient(app.database.url, async (db) =>
      (
        await db.query<{ bytes: string }>(
          `select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'm')`,
          [schema],
        )
      ).rows,
    );

    const { usage } = await client.data(usageQuery);
    expect(usage).toEqual({
      users: { used: 2, limit: 2 },
      contacts: { used: 2, limit: 2 },
      storage: { used: Number(diskSize!.bytes), limit: 1000000000 },
    });
    expect((await client.data(subscriptionUsage)).subscription.usage).toEqual({ activeUsers: 2, contacts: 2, storageBytes: usage.storage.used });

    const expectedLimits = [
      { limit: 'ACTIVE_USERS', usage: usage.users.used, allowed: 1 },
      { limit: 'CONTACTS', usage: usage.contacts.used, allowed: 1 },
      { limit: 'STORAGE', usage: usage.storage.used, allowed: 1 },
    ];
    expect((await client.data(preview, { planCode: 'BELOW' })).previewPlanChange).toEqual({ allowed: false, limitsExceeded: expectedLimits });
    const refused = await client.request(changePlan, { planCode: 'BELOW' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'PLAN_LIMIT_REACHED', limits: expectedLimits });

    // The seat limit counts the same active members: a former member cannot come back while the package is full.
    const former = await newOwner(app, { accountName: 'Former' });
    const [{ id: membershipId }] = await withClient(app.database.url, async (db) =>
      (
        await db.query<{ id: string }>(
          `insert into membership (id, user_id, account_id, role, status) values (gen_random_uuid(), $1, $2, 'NORMAL', 'DEACTIVATED') returning id`,
          [former.userId, account.id],
        )
      ).rows,
    ) as [{ id: string }];
    const seat = await client.request('mutation($id: ID!) { reactivateMember(membershipId: $id) { id } }', { id: membershipId });
    expect(seat.errors?.[0]?.extensions).toMatchObject({ code: 'PLAN_LIMIT_REACHED', limit: 'users', max: 2, current: usage.users.used });
    expect((await client.data(usageQuery)).usage.users).toEqual({ used: 2, limit: 2 });
  });
});
