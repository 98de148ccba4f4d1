import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migration20261130000200RevokeKeysOfFormerMembers } from '../db/migrations/global/Migration20261130000200RevokeKeysOfFormerMembers.js';
import type { TestApp } from '../testing/test-app.js';
import { TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { addMember, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';

// A key works only while the member who created it may work: never after their access ends, never above their current role.
let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({ apiKeyRateLimit: { limit: 10_000, windowSeconds: 60 } });
});
afterAll(async () => {
  await app.stop();
});

const sql = (text: string, params: unknown[]) => withClient(app.database.url, (db) => db.query(text, params));
const deactivate = (id: string, successor: string) =>
  `mutation { deactivateMember(membershipId: "${id}", successorMembershipId: "${successor}") { member { status } } }`;
const setRole = (id: string, role: string) => `mutation { setMemberRole(membershipId: "${id}", role: ${role}) { role } }`;
const createPerson = (lastName: string) => `mutation { createPerson(input: { lastName: "${lastName}" }) { id createdBy { id } } }`;
const peopleNamed = async (client: TestClient, lastName: string) =>
  (await client.data(`{ people(filter: { text: "${lastName}" }) { totalCount } }`)).people.totalCount as number;

async function keyOf(creator: TestClient, role = 'CO_OWNER') {
  const { createApiKey } = await creator.data(`mutation { createApiKey(name: "${role} integration", role: ${role}) { secret apiKey { id } } }`);
  const client = new TestClient(app.url);
  client.token = createApiKey.secret;
  return { id: createApiKey.apiKey.id as string, client };
}

async function listed(owner: TestClient, keyId: string) {
  const { apiKeys } = await owner.data('{ apiKeys { id role effectiveRole status revokedAt } }');
  return (apiKeys as { id: string }[]).find((key) => key.id === keyId);
}

async function coOwnerWithKey() {
  const owner = await newOwner(app.url);
  const coOwner = await addMember(owner.client, 'CO_OWNER');
  const key = await keyOf(coOwner.client);
  const { createPerson: before } = await key.client.data(createPerson('Before-change'));
  expect(before.createdBy.id).toBe(coOwner.userId);
  return { owner, coOwner, key };
}

/** The key is refused for reads and writes, and no record is written (and credited to its creator) through it. */
async function expectRefused(key: { client: TestClient }, owner: TestClient, marker: string) {
  expect(await refusal(key.client, '{ people { totalCount } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(await refusal(key.client, createPerson(marker))).toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(await peopleNamed(owner, marker)).toBe(0);
}

describe("API keys and their creator's access", () => {
  it('stop working the moment their creator is deactivated, and are revoked with the deactivation', async () => {
    const { owner, coOwner, key } = await coOwnerWithKey();
    await owner.client.data(deactivate(coOwner.membershipId, owner.membershipId));
    expect(await refusal(coOwner.client, '{ people { totalCount } }')).toMatchObject({ code: 'FORBIDDEN' });
    await expectRefused(key, owner.client, 'After-deactivation');
    expect(await listed(owner.client, key.id)).toMatchObject({ role: 'CO_OWNER', effectiveRole: null, status: 'REVOKED', revokedAt: expect.any(String) });
  });

  it('stop working the moment their creator leaves the account', async () => {
    const { owner, coOwner, key } = await coOwnerWithKey();
    await coOwner.client.data('mutation { leaveAccount { people } }');
    await expectRefused(key, owner.client, 'After-leaving');
    expect(await listed(owner.client, key.id)).toMatchObject({ effectiveRole: null, status: 'REVOKED' });
  });

  it('stay revoked when their creator is reactivated: the member makes new keys', async () => {
    const { owner, coOwner, key } = await coOwnerWithKey();
    await owner.client.data(deactivate(coOwner.membershipId, owner.membershipId));
    await owner.client.data(`mutation { reactivateMember(membershipId: "${coOwner.membershipId}") { status } }`);
    expect(await peopleNamed(coOwner.client, 'Before-change')).toBe(1); // the member works again
    await expectRefused(key, owner.client, 'After-reactivation');
    const fresh = await keyOf(coOwner.client);
    expect((await fresh.client.data(createPerson('Fresh-key'))).createPerson.createdBy.id).toBe(coOwner.userId);
  });

  it("act with at most their creator's current role: a CO_OWNER key of a member demoted to NORMAL cannot delete", async () => {
    const { owner, coOwner, key } = await coOwnerWithKey();
    await owner.client.data(setRole(coOwner.membershipId, 'NORMAL'));
    const { createPerson: person } = await key.client.data(createPerson('Capped'));
    expect(person.createdBy.id).toBe(coOwner.userId);
    expect(await refusal(key.client, `mutation { deletePerson(id: "${person.id}") }`)).toMatchObject({ code: 'FORBIDDEN', extensions: { right: 'records.delete' } });
    expect(await peopleNamed(owner.client, 'Capped')).toBe(1);
    expect(await listed(owner.client, key.id)).toMatchObject({ role: 'CO_OWNER', effectiveRole: 'NORMAL', status: 'ACTIVE', revokedAt: null });

    // The cap follows the creator's role, both ways.
    await owner.client.data(setRole(coOwner.membershipId, 'EXTENDED'));
    expect(await listed(owner.client, key.id)).toMatchObject({ effectiveRole: 'EXTENDED' });
    await key.client.data(`mutation { deletePerson(id: "${person.id}") }`);
    expect(await peopleNamed(owner.client, 'Capped')).toBe(0);
  });

  it('keep their role when their creator hands over the ownership and becomes a co-owner, and are capped once demoted further', async () => {
    const owner = await newOwner(app.url);
    const heir = await addMember(owner.client, 'CO_OWNER');
    const key = await keyOf(owner.client);
    await owner.client.data(`mutation { transferOwnership(membershipId: "${heir.membershipId}") { role } }`);
    expect(await listed(heir.client, key.id)).toMatchObject({ effectiveRole: 'CO_OWNER', status: 'ACTIVE' });
    await key.client.data(createPerson('After-transfer'));
    await heir.client.data(setRole(owner.membershipId, 'NORMAL'));
    expect(await listed(heir.client, key.id)).toMatchObject({ effectiveRole: 'NORMAL' });
  });

  it("are refused whenever their creator's membership is not active, whichever way it changed", async () => {
    const { owner, coOwner, key } = await coOwnerWithKey();
    await sql(`update membership set status = 'DEACTIVATED' where id = $1`, [coOwner.membershipId]);
    const refused = await refusal(key.client, '{ people { totalCount } }');
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(refused!.message).toMatch(/member who created it/);
    expect(await listed(owner.client, key.id)).toMatchObject({ effectiveRole: null, status: 'CREATOR_INACTIVE', revokedAt: null });

    await sql(`update membership set status = 'ACTIVE' where id = $1`, [coOwner.membershipId]);
    expect(await peopleNamed(key.client, 'Before-change')).toBe(1);

    await sql(`delete from membership where id = $1`, [coOwner.membershipId]);
    await expectRefused(key, owner.client, 'After-removal');
    expect(await listed(owner.client, key.id)).toMatchObject({ status: 'CREATOR_INACTIVE' });
  });

  it('of members whose access ended before the upgrade are revoked by its migration; other keys are untouched', async () => {
    const { owner, coOwner, key } = await coOwnerWithKey();
    const kept = await keyOf(owner.client);
    await sql(`update membership set status = 'DEACTIVATED' where id = $1`, [coOwner.membershipId]);
    const migration = new Migration20261130000200RevokeKeysOfFormerMembers(app.orm.em.getDriver(), app.orm.config);
    migration.up();
    for (const query of migration.getQueries()) await sql(String(query), []);
    await sql(`update membership set status = 'ACTIVE' where id = $1`, [coOwner.membershipId]);
    expect(await listed(owner.client, key.id)).toMatchObject({ status: 'REVOKED' });
    await expectRefused(key, owner.client, 'After-upgrade');
    expect(await listed(owner.client, kept.id)).toMatchObject({ status: 'ACTIVE', effectiveRole: 'CO_OWNER' });
  });
});
