import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
let owner: TestClient;
let ownerName: string;
let ownerAccountId: string;

beforeAll(async () => {
  app = await startTestApp({ config: { apiKeyRateLimit: { limit: 1000, windowSeconds: 60 } } });
  owner = new TestClient(app.url);
  const signedUp = await signUpNew(owner, { accountName: 'Key Owner' });
  ownerAccountId = signedUp.auth.account.id;
  ownerName = signedUp.auth.user.name;
});
afterAll(async () => {
  await app.stop();
});

const createKey = `mutation($name: String!, $role: Role!, $expiresAt: DateTimeISO) {
  createApiKey(name: $name, role: $role, expiresAt: $expiresAt) { secret apiKey { id name role prefix createdBy expiresAt revokedAt lastUsedAt } }
}`;

async function newKey(client: TestClient, role = 'CO_OWNER', expiresAt?: string) {
  const { createApiKey } = await client.data(createKey, { name: `${role} key`, role, expiresAt });
  const keyClient = new TestClient(app.url);
  keyClient.token = createApiKey.secret;
  return { ...createApiKey, client: keyClient } as { secret: string; apiKey: Record<string, any>; client: TestClient };
}

const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code;

describe('API keys', () => {
  it('show the secret once, with a recognisable prefix, and store only its SHA-256 hash', async () => {
    const { secret, apiKey } = await newKey(owner);
    expect(secret).toMatch(/^kontor_live_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);

    const { apiKeys } = await owner.data('{ apiKeys { id prefix role lastUsedAt creatorName } }');
    expect(apiKeys.find((key: { id: string }) => key.id === apiKey.id)).toEqual({ id: apiKey.id, prefix: apiKey.prefix, role: 'CO_OWNER', lastUsedAt: null, creatorName: ownerName });
    // The schema offers no way to read a secret back.
    expect(codeOf(await owner.request('{ apiKeys { secret } }'))).toBe('GRAPHQL_VALIDATION_FAILED');

    const stored = await withClient(app.database.url, (db) => db.query('select * from api_key where id = $1', [apiKey.id]));
    const row = stored.rows[0];
    expect(row.secret_hash).toEqual(createHash('sha256').update(secret).digest());
    expect(JSON.stringify(row)).not.toContain(secret.slice(-43));
  });

  it("act in the key's account with the key's role, and record when they were last used", async () => {
    const { apiKey, client } = await newKey(owner);
    const { createPerson } = await client.data('mutation { createPerson(input: { firstName: "Kay", lastName: "Api" }) { id createdBy { id } } }');
    expect(createPerson.createdBy.id).toBe(apiKey.createdBy);
    const { people } = await client.data('{ people(filter: { text: "Api" }) { totalCount } }');
    expect(people.totalCount).toBe(1);
    const { apiKeys } = await owner.data('{ apiKeys { id lastUsedAt } }');
    expect(apiKeys.find((key: { id: string }) => key.id === apiKey.id).lastUsedAt).not.toBeNull();
  });

  it('with role NORMAL cannot delete, and the refusal changes nothing', async () => {
    const { client } = await newKey(owner, 'NORMAL');
    const { createPerson } = await client.data('mutation { createPerson(input: { lastName: "Undeletable" }) { id } }');
    const result = await client.request('mutation($id: ID!) { deletePerson(id: $id) }', { id: createPerson.id });
    expect(codeOf(result)).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toContain('records.delete');
    expect((await owner.data('query($id: ID!) { person(id: $id) { id } }', { id: createPerson.id })).person).toEqual({ id: createPerson.id });
  });

  it('are refused the moment they are revoked', async () => {
    const { apiKey, client } = await newKey(owner);
    await client.data('{ people { totalCount } }');
    const { revokeApiKey } = await owner.data('mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', { id: apiKey.id });
    expect(revokeApiKey.revokedAt).not.toBeNull();
    const result = await client.request('{ people { totalCount } }');
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toMatch(/not valid/);
  });

  it('are refused once expired', async () => {
    const { apiKey, client } = await newKey(owner, 'EXTENDED', new Date(Date.now() + 60_000).toISOString());
    await client.data('{ people { totalCount } }');
    await withClient(app.database.url, (db) => db.query(`update api_key set expires_at = now() - interval '1 second' where id = $1`, [apiKey.id]));
    expect(codeOf(await client.request('{ people { totalCount } }'))).toBe('UNAUTHENTICATED');
  });

  it('are refused once their account is deleted', async () => {
    const other = new TestClient(app.url);
    const { auth } = await signUpNew(other, { accountName: 'Short-lived' });
    const { client } = await newKey(other);
    await client.data('{ people { totalCount } }');
    await withClient(app.database.url, (db) => db.query('delete from account where id = $1', [auth.account.id]));
    expect(codeOf(await client.request('{ people { totalCount } }'))).toBe('UNAUTHENTICATED');
  });

  it('refuse a forged secret with a real public id, and garbage', async () => {
    const { secret } = await newKey(owner);
    for (const token of [`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, 'kontor_live_nothing', 'kontor_x']) {
      const client = new TestClient(app.url);
      client.token = token;
      expect(codeOf(await client.request('{ people { totalCount } }'))).toBe('UNAUTHENTICATED');
    }
  });

  it("of account A never see or change account B's records", async () => {
    const b = new TestClient(app.url);
    await signUpNew(b, { accountName: 'Account B' });
    const { createPerson: bPerson } = await b.data('mutation { createPerson(input: { lastName: "Secret-of-B" }) { id } }');
    const { createCompany: bCompany } = await b.data('mutation { createCompany(input: { name: "B Corp" }) { id } }');
    const { client } = await newKey(owner);

    expect((await client.data('query($id: ID!) { person(id: $id) { id } }', { id: bPerson.id })).person).toBeNull();
    expect((await client.data('query($id: ID!) { company(id: $id) { id } }', { id: bCompany.id })).company).toBeNull();
    expect((await client.data('{ people(filter: { text: "Secret-of-B" }) { totalCount } }')).people.totalCount).toBe(0);
    expect(await client.data('{ search(query: "Secret-of-B") { __typename } }')).toEqual({ search: [] });
    expect(codeOf(await client.request('mutation($id: ID!) { updatePerson(id: $id, input: { lastName: "Hacked" }) { id } }', { id: bPerson.id }))).toBe('NOT_FOUND');
    expect(codeOf(await client.request('mutation($id: ID!) { deletePerson(id: $id) }', { id: bPerson.id }))).toBe('NOT_FOUND');
    expect(codeOf(await client.request('mutation($c: ID!) { createPerson(input: { lastName: "Linker", companyId: $c }) { id } }', { c: bCompany.id }))).toBe('BAD_USER_INPUT');
    expect((await b.data('query($id: ID!) { person(id: $id) { lastName } }', { id: bPerson.id })).person).toEqual({ lastName: 'Secret-of-B' });
    expect((await b.data('{ apiKeys { id } }')).apiKeys).toEqual([]);
  });

  it('cannot act as a user: no me, no other accounts, no switching, no managing keys', async () => {
    const { client } = await newKey(owner);
    for (const query of [
      '{ me { user { id } } }',
      '{ currentAccount { id } }',
      '{ searchAllAccounts(query: "a") { __typename } }',
      'mutation { createAccount(input: { name: "Via key", planCode: "SOLO" }) { accessToken } }',
      `mutation { switchAccount(accountId: "${ownerAccountId}") { accessToken } }`,
      '{ apiKeys { id } }',
      'mutation { createApiKey(name: "Child", role: NORMAL) { secret } }',
    ]) {
      expect(codeOf(await client.request(query)), query).toBe('FORBIDDEN');
    }
    const count = await withClient(app.database.url, (db) => db.query(`select count(*)::int as n from api_key where name = 'Child'`));
    expect(count.rows[0].n).toBe(0);
  });

  it('with role CO_OWNER still cannot change who has access: no invitations, no team changes, no deletion of the account', async () => {
    const { client } = await newKey(owner);
    const { members } = await owner.data('{ members { id role } }');
    const ownerMembership = members.find((m: { role: string }) => m.role === 'OWNER').id;
    for (const [query, variables] of [
      ['mutation { inviteUser(input: { email: "attacker@example.com", firstName: "A", lastName: "Ttacker", role: CO_OWNER }) { id } }', {}],
      ['{ invitations { id } }', {}],
      ['mutation($id: ID!) { setMemberRole(membershipId: $id, role: NORMAL) { id } }', { id: ownerMembership }],
      ['mutation { deleteAccount(confirmName: "Key Owner") }', {}],
      ['mutation { leaveAccount { people } }', {}],
    ] as const) {
      const result = await client.request(query, variables);
      expect(result.errors?.[0]?.extensions?.code, query).toMatch(/^(FORBIDDEN|NOT_FOUND|BAD_USER_INPUT)$/);
      expect(result.data ?? null, query).toBeNull();
    }
    expect((await owner.data('{ invitations { email } }')).invitations).toEqual([]);
    expect((await owner.data('{ members { role } }')).members).toEqual([{ role: 'OWNER' }]);
  });

  it('with role CO_OWNER cannot register, read, change or delete webhooks: one would keep receiving changes after the key is revoked', async () => {
    const { client } = await newKey(owner);
    const { createWebhook } = await owner.data('mutation { createWebhook(input: { url: "https://1.1.1.1/owners-hook", events: [PERSON_CREATED] }) { webhook { id } } }');
    const id = createWebhook.webhook.id;
    for (const [query, variables] of [
      ['mutation { createWebhook(input: { url: "https://1.1.1.1/leak", events: [PERSON_CREATED, DEAL_UPDATED] }) { signingSecret webhook { id } } }', {}],
      ['{ webhooks { id url } }', {}],
      ['query($id: ID!) { webhookDeliveries(webhookId: $id) { id } }', { id }],
      ['mutation($id: ID!) { updateWebhook(id: $id, input: { url: "https://1.1.1.1/leak" }) { id } }', { id }],
      ['mutation($id: ID!) { deleteWebhook(id: $id) }', { id }],
      ['mutation($id: ID!) { rotateWebhookSecret(id: $id) { signingSecret } }', { id }],
      ['mutation($id: ID!) { sendTestWebhookEvent(id: $id) { id } }', { id }],
    ] as const) {
      const result = await client.request(query, variables);
      expect(codeOf(result), query).toBe('FORBIDDEN');
      expect(result.errors?.[0]?.message, query).toContain('webhooks.manage');
      expect(result.data ?? null, query).toBeNull();
    }
    expect((await owner.data('{ webhooks { id url } }')).webhooks).toEqual([{ id, url: 'https://1.1.1.1/owners-hook' }]);
  });

  it('refuse bad input, creating nothing', async () => {
    const before = (await owner.data('{ apiKeys { id } }')).apiKeys.length;
    for (const [variables, field] of [
      [{ name: ' ', role: 'NORMAL' }, 'name'],
      [{ name: 'Owner key', role: 'OWNER' }, 'role'],
      [{ name: 'Old', role: 'NORMAL', expiresAt: new Date(Date.now() - 1000).toISOString() }, 'expiresAt'],
    ] as const) {
      const result = await owner.request(createKey, variables);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect((await owner.data('{ apiKeys { id } }')).apiKeys.length).toBe(before);
  });

  it("cannot be revoked from another account", async () => {
    const { apiKey, client } = await newKey(owner);
    const b = new TestClient(app.url);
    await signUpNew(b);
    expect(codeOf(await b.request('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id }))).toBe('NOT_FOUND');
    await client.data('{ people { totalCount } }');
  });
});

describe('API key rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ config: { apiKeyRateLimit: { limit: 3, windowSeconds: 3600 } } });
  });
  afterAll(async () => {
    await limited.stop();
  });

  it('answers RATE_LIMITED past the limit, per key', async () => {
    const user = new TestClient(limited.url);
    await signUpNew(user);
    const secrets = [];
    for (const name of ['one', 'two']) {
      secrets.push((await user.data('mutation($name: String!) { createApiKey(name: $name, role: NORMAL) { secret } }', { name })).createApiKey.secret);
    }
    const [first, second] = secrets.map((secret) => Object.assign(new TestClient(limited.url), { token: secret }));
    for (let i = 0; i < 3; i++) await first!.data('{ people { totalCount } }');
    const refused = await first!.request('{ people { totalCount } }');
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    await second!.data('{ people { totalCount } }');
  });
});
