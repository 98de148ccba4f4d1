import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSchemaName } from '../db/account-schema.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { memberWithRole, signUpNew, signUpVerified, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const trailQuery = `query($f: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $f, first: $first, after: $after) {
    totalCount
    edges { cursor node { action actor { kind name userId apiKeyId } clientAddress targetType targetLabel changes } }
    pageInfo { hasNextPage endCursor }
  }
}`;
type Entry = { action: string; actor: { kind: string; name: string; userId: string | null; apiKeyId: string | null }; clientAddress: string | null; targetType: string | null; targetLabel: string | null; changes: string };

async function trail(client: TestClient, filter?: Record<string, unknown>): Promise<Entry[]> {
  const data = await client.data(trailQuery, { f: filter, first: 100 });
  return data.auditEvents.edges.map((edge: { node: Entry }) => edge.node);
}

describe('the audit trail', () => {
  it("records who did what in the account, with actor, address and what changed, newest first; owners and co-owners read it", async () => {
    const owner = new TestClient(app.url);
    const { auth } = await signUpVerified(owner, { accountName: 'Audited GmbH' });
    const accountId = auth.account.id as string;
    const member = await memberWithRole(app.url, app.database.url, accountId, 'NORMAL');
    const members = (await owner.data('{ members { id role } }')).members as { id: string; role: string }[];
    const memberId = members.find((m) => m.role === 'NORMAL')!.id;

    await owner.data('mutation($id: ID!) { setMemberRole(membershipId: $id, role: EXTENDED) { id } }', { id: memberId });
    const invitation = (await owner.data('mutation { inviteUser(input: { email: "new-one@example.com", firstName: "New", lastName: "One", role: NORMAL }) { id } }')).inviteUser.id;
    await owner.data('mutation($id: ID!) { withdrawInvitation(id: $id) { id } }', { id: invitation });
    const key = (await owner.data('mutation { createApiKey(name: "Sync", role: CO_OWNER) { secret apiKey { id } } }')).createApiKey;
    const keyClient = new TestClient(app.url);
    keyClient.token = key.secret;
    // A deletion with the API key: the actor is the key.
    const person = (await keyClient.data('mutation { createPerson(input: { lastName: "Gone" }) { id } }')).createPerson.id;
    await keyClient.data('mutation($id: ID!) { deletePerson(id: $id) }', { id: person });
    await owner.data('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: key.apiKey.id });
    const hook = (await owner.data('mutation { createWebhook(input: { url: "https://1.1.1.1/audit", events: [PERSON_CREATED] }) { webhook { id } } }')).createWebhook.webhook.id;
    await owner.data('mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { id } }', { id: hook });
    await owner.data('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: hook });
    await owner.data('mutation { changePlan(planCode: "BUSINESS") { plan { code } } }');
    await owner.data(`mutation($id: ID!) { switchAccount(accountId: $id) { accessToken } }`, { id: accountId });

    const entries = await trail(owner);
    expect(entries.map((e) => e.action)).toEqual([
      'ACCOUNT_OPENED',
      'PLAN_CHANGED',
      'WEBHOOK_DELETED',
      'WEBHOOK_CHANGED',
      'WEBHOOK_CREATED',
      'API_KEY_REVOKED',
      'RECORDS_DELETED',
      'API_KEY_CREATED',
      'INVITATION_WITHDRAWN',
      'MEMBER_INVITED',
      'MEMBER_ROLE_CHANGED',
      // The member's own switch into the account (memberWithRole).
      'ACCOUNT_OPENED',
    ]);
    const byAction = (action: string) => entries.find((e) => e.action === action)!;
    expect(byAction('MEMBER_ROLE_CHANGED')).toMatchObject({ actor: { kind: 'USER', name: auth.user.name }, targetType: 'MEMBERSHIP' });
    expect(JSON.parse(byAction('MEMBER_ROLE_CHANGED').changes)).toEqual({ role: { from: 'NORMAL', to: 'EXTENDED' } });
    expect(byAction('MEMBER_INVITED')).toMatchObject({ targetType: 'INVITATION', targetLabel: 'new-one@example.com' });
    expect(byAction('RECORDS_DELETED')).toMatchObject({ actor: { kind: 'API_KEY', name: 'Sync', apiKeyId: key.apiKey.id, userId: auth.user.id }, targetType: 'PERSON' });
    expect(JSON.parse(byAction('RECORDS_DELETED').changes)).toEqual({ kind: 'PERSON', count: 1, ids: [person] });
    expect(JSON.parse(byAction('PLAN_CHANGED').changes)).toEqual({ plan: { from: 'TEAM', to: 'BUSINESS' } });
    expect(JSON.parse(byAction('WEBHOOK_CHANGED').changes)).toEqual({ active: { from: true, to: false } });
    expect(byAction('API_KEY_CREATED').changes).not.toContain(key.secret);
    expect(entries.every((e) => e.clientAddress === '127.0.0.1' || e.clientAddress === '::1' || e.clientAddress === '::ffff:127.0.0.1')).toBe(true);

    // Filtered by action and by actor; paged.
    expect((await trail(owner, { actions: ['API_KEY_CREATED', 'API_KEY_REVOKED'] })).map((e) => e.action)).toEqual(['API_KEY_REVOKED', 'API_KEY_CREATED']);
    const memberUserId = (await member.data('{ me { user { id } } }')).me.user.id;
    expect((await trail(owner, { actorUserId: memberUserId })).map((e) => e.action)).toEqual(['ACCOUNT_OPENED']);
    expect(await trail(owner, { from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    const firstPage = (await owner.data(trailQuery, { first: 5 })).auditEvents;
    expect(firstPage.totalCount).toBe(12);
    const secondPage = (await owner.data(trailQuery, { first: 5, after: firstPage.pageInfo.endCursor })).auditEvents;
    expect(secondPage.edges.map((e: { node: Entry }) => e.node.action)).toEqual(entries.slice(5, 10).map((e) => e.action));

    // A NORMAL or EXTENDED member and any API key may not read it.
    expect((await member.request(trailQuery, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const another = new TestClient(app.url);
    another.token = (await owner.data('mutation { createApiKey(name: "Reader", role: CO_OWNER) { secret } }')).createApiKey.secret;
    expect((await another.request(trailQuery, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const coOwner = await memberWithRole(app.url, app.database.url, accountId, 'CO_OWNER');
    expect((await trail(coOwner, { actions: ['PLAN_CHANGED'] })).map((e) => e.action)).toEqual(['PLAN_CHANGED']);
  });

  it('exports the trail as CSV, filtered, for owners and co-owners only', async () => {
    const owner = new TestClient(app.url);
    const { auth } = await signUpVerified(owner, { accountName: 'CSV AG' });
    await owner.data('mutation { createApiKey(name: "Key, with comma", role: NORMAL) { secret } }');
    await owner.data('mutation { changePlan(planCode: "BUSINESS") { plan { code } } }');
    const csv = await fetch(`${app.url}/audit/events.csv?actions=API_KEY_CREATED,PLAN_CHANGED`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('time,action,actor,actor kind,actor user id,api key id,client address,target type,target id,target,changes');
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['PLAN_CHANGED', 'API_KEY_CREATED']);
    expect(lines[2]).toContain('"Key, with comma"');
    expect(lines[1]).toContain(auth.user.name);

    const bad = await fetch(`${app.url}/audit/events.csv?actions=NOPE`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(bad.status).toBe(400);
    const normal = await memberWithRole(app.url, app.database.url, auth.account.id, 'NORMAL');
    expect((await fetch(`${app.url}/audit/events.csv`, { headers: { authorization: `Bearer ${normal.token}` } })).status).toBe(403);
    expect((await fetch(`${app.url}/audit/events.csv`)).status).toBe(401);
  });

  it("is append-only: the account's database role can add and read entries but neither change nor delete them, and no operation of the API does", async () => {
    const owner = new TestClient(app.url);
    const { auth } = await signUpNew(owner, { accountName: 'Append Only KG' });
    const schema = accountSchemaName(auth.account.id);
    await owner.data('mutation { createApiKey(name: "k", role: NORMAL) { secret } }');
    await withClient(app.database.url, async (db) => {
      await db.query('begin');
      await db.query(`set local role ${schema}`);
      await db.query(`set local search_path to ${schema}`);
      expect((await db.query('select count(*)::int as n from audit_event')).rows[0].n).toBe(1);
      await db.query(`insert into audit_event (id, action) values (gen_random_uuid(), 'ACCOUNT_OPENED')`);
      await db.query('savepoint s');
      await expect(db.query(`update audit_event set action = 'PLAN_CHANGED'`)).rejects.toThrow(/permission denied/);
      await db.query('rollback to savepoint s');
      await expect(db.query('delete from audit_event')).rejects.toThrow(/permission denied/);
      await db.query('rollback to savepoint s');
      await expect(db.query('truncate audit_event')).rejects.toThrow(/permission denied/);
      await db.query('rollback');
    });
    // The API has no operation that changes or removes an entry: the schema offers none.
    const mutations = (await owner.data('{ __schema { mutationType { fields { name } } } }')).__schema.mutationType.fields.map((f: { name: string }) => f.name) as string[];
    expect(mutations.filter((name) => /audit/i.test(name))).toEqual([]);
  });

  it('keeps an entry only with its change: a request rolled back leaves neither the deletion nor its entry', async () => {
    const owner = new TestClient(app.url);
    await signUpVerified(owner, { accountName: 'Rollback GmbH' });
    const task = (await owner.data('mutation { createTask(input: { title: "Keep me" }) { id } }')).createTask.id;
    // The second mutation is refused: the whole request is rolled back, the deletion and its audit entry with it.
    const result = await owner.request('mutation($id: ID!) { deleteTask(id: $id) createTask(input: { title: "" }) { id } }', { id: task });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await owner.data('query($id: ID!) { task(id: $id) { title } }', { id: task })).task).toEqual({ title: 'Keep me' });
    expect(await trail(owner, { actions: ['RECORDS_DELETED'] })).toEqual([]);
    // Sent alone, it is deleted and recorded.
    await owner.data('mutation($id: ID!) { deleteTask(id: $id) }', { id: task });
    expect((await trail(owner, { actions: ['RECORDS_DELETED'] })).map((e) => e.targetType)).toEqual(['TASK']);
  });

});
