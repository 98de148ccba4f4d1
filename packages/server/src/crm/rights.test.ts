import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { memberWithRole, signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
let owner: TestClient;
let accountId: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = new TestClient(app.url);
  accountId = (await signUpNew(owner, { planCode: 'BUSINESS' })).auth.account.id;
});
afterAll(async () => {
  await app.stop();
});

async function createPeople(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await owner.data(`mutation { createPerson(input: { lastName: "R${i}" }) { id } }`)).createPerson.id);
  return ids;
}
const peopleCount = async () => (await owner.data('{ people { totalCount } }')).people.totalCount as number;

describe('rights by role', () => {
  it('NORMAL may create and edit but not delete, and is told which right is missing', async () => {
    const normal = await memberWithRole(app.url, app.database.url, accountId, 'NORMAL');
    const { createPerson } = await normal.data('mutation { createPerson(input: { lastName: "ByNormal" }) { id } }');
    await normal.data(`mutation($id: ID!) { updatePerson(id: $id, input: { position: "Buyer" }) { id } }`, { id: createPerson.id });
    const before = await peopleCount();
    for (const mutation of ['deletePerson(id: $id)', 'deletePeople(ids: [$id])']) {
      const result = await normal.request(`mutation($id: ID!) { ${mutation} }`, { id: createPerson.id });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', right: 'records.delete' } });
      expect(result.errors?.[0]?.message).toContain('records.delete');
    }
    expect(await peopleCount()).toBe(before);
  });

  it('EXTENDED may delete 10 records in one request but not 11', async () => {
    const extended = await memberWithRole(app.url, app.database.url, accountId, 'EXTENDED');
    const ten = await createPeople(10);
    expect((await extended.data(`mutation($ids: [ID!]!) { deletePeople(ids: $ids) }`, { ids: ten })).deletePeople).toHaveLength(10);

    const eleven = await createPeople(11);
    const before = await peopleCount();
    const refused = await extended.request(`mutation($ids: [ID!]!) { deletePeople(ids: $ids) }`, { ids: eleven });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', right: 'records.bulkDelete' });
    expect(await peopleCount()).toBe(before);

    // Split over several operations of one request, the eleventh is refused; the answer is data: null, so the first ten are not kept either.
    const aliases = eleven.map((id, i) => `d${i}: deletePerson(id: "${id}")`).join(' ');
    const split = await extended.request(`mutation { ${aliases} }`);
    expect(split.data).toBeNull();
    expect(split.errors).toHaveLength(1);
    expect(split.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await peopleCount()).toBe(before);
  });

  it('owners and co-owners may delete any number', async () => {
    const coOwner = await memberWithRole(app.url, app.database.url, accountId, 'CO_OWNER');
    const ids = await createPeople(12);
    expect((await coOwner.data(`mutation($ids: [ID!]!) { deletePeople(ids: $ids) }`, { ids })).deletePeople).toHaveLength(12);
  });

  it('an account-scoped operation with an unscoped token asks to choose an account', async () => {
    const { email, password } = await signUpNew(new TestClient(app.url));
    const unscoped = new TestClient(app.url);
    unscoped.token = (await unscoped.data(`mutation { signUp(input: { email: "${email}", password: "${password}", accountName: "x", planCode: "TEAM" }) { auth { accessToken } } }`)).signUp.auth.accessToken;
    const result = await unscoped.request('{ people { totalCount } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toMatch(/choose one first/);
  });

  it('a deactivated member is refused on the next request', async () => {
    const member = await memberWithRole(app.url, app.database.url, accountId, 'NORMAL');
    expect((await member.data('{ people(first: 1) { totalCount } }')).people.totalCount).toBeGreaterThanOrEqual(0);
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1 and role = 'NORMAL'`, [accountId]));
    const result = await member.request('{ people(first: 1) { totalCount } }');
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: 'Your access to this account has been deactivated.' });
  });
});
