import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { signUpNew, TestClient } from '../../testing/test-client.js';
import { withClient } from '../../testing/test-database.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  // A package small enough to reach its limit in a test.
  await withClient(app.database.url, (db) =>
    db.query(`insert into plan (code, name, price_cents, max_users, max_contacts, storage_bytes, sort_order) values ('TINY', 'Tiny', 0, 2, 3, 1000000000, 99)`),
  );
});
afterAll(async () => {
  await app.stop();
});

async function tinyAccount(): Promise<TestClient> {
  const client = new TestClient(app.url);
  const { auth } = await signUpNew(client);
  await withClient(app.database.url, (db) => db.query(`update account set plan_code = 'TINY' where id = $1`, [auth.account.id]));
  return client;
}
const usageQuery = '{ usage { planCode users { used limit } contacts { used limit } storage { used limit } } }';

describe('contacts against the package limit', () => {
  it('count a person as one contact, with or without a company, and a company without people as one', async () => {
    const client = await tinyAccount();
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Alone Inc" }) { id } }');
    expect((await client.data(usageQuery)).usage.contacts).toEqual({ used: 1, limit: 3 });
    await client.data(`mutation($c: ID!) { createPerson(input: { lastName: "Worker", companyId: $c }) { id } }`, { c: createCompany.id });
    expect((await client.data(usageQuery)).usage.contacts.used).toBe(1);
    await client.data('mutation { createPerson(input: { lastName: "Freelancer" }) { id } }');
    const { usage } = await client.data(usageQuery);
    expect(usage).toMatchObject({ planCode: 'TINY', users: { used: 1, limit: 2 }, contacts: { used: 2, limit: 3 } });
    expect(usage.storage.used).toBeGreaterThan(0);
  });

  it('refuse a create beyond the limit with PLAN_LIMIT_REACHED naming it, storing nothing', async () => {
    const client = await tinyAccount();
    for (const name of ['A', 'B', 'C']) await client.data(`mutation { createPerson(input: { lastName: "${name}" }) { id } }`);
    const person = await client.request('mutation { createPerson(input: { lastName: "D" }) { id } }');
    expect(person.errors?.[0]?.extensions).toMatchObject({ code: 'PLAN_LIMIT_REACHED', limit: 'contacts', max: 3 });
    expect(person.errors?.[0]?.message).toMatch(/allows 3 contacts/);
    const company = await client.request('mutation { createCompany(input: { name: "E" }) { id } }');
    expect(company.errors?.[0]?.extensions?.code).toBe('PLAN_LIMIT_REACHED');
    expect((await client.data('{ people { totalCount } companies { totalCount } }'))).toEqual({ people: { totalCount: 3 }, companies: { totalCount: 0 } });
  });

  it('let only one of two parallel creates at the limit succeed', async () => {
    const client = await tinyAccount();
    for (const name of ['A', 'B']) await client.data(`mutation { createPerson(input: { lastName: "${name}" }) { id } }`);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => client.request(`mutation { createPerson(input: { lastName: "Racer ${i}" }) { id } }`)),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'PLAN_LIMIT_REACHED')).toHaveLength(5);
    expect((await client.data('{ people { totalCount } }')).people.totalCount).toBe(3);
  });
});
