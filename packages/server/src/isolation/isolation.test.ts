import type { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessDeclaration } from '../request/access.js';
import { buildKontorSchema } from '../schema.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, signUpVerified, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { isolationCases, type AccountBRecords } from './isolation-cases.js';
import { accountSchemaName } from '../db/account-schema.js';
import { pngBytes, uploadFile } from '../testing/file-fixtures.js';

/**
 * Accounts are fully separate: every account-scoped operation of the schema,
 * called with account A's token and account B's IDs, must neither return nor
 * change anything of B. The list of operations comes from the schema itself,
 * so an operation added without a case here makes this test fail.
 */
const schema = await buildKontorSchema();
const accountScoped = [schema.getQueryType(), schema.getMutationType()]
  .filter((type): type is GraphQLObjectType => Boolean(type))
  .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type: type.name, field })))
  .filter(({ field }) => (field.extensions?.access as AccessDeclaration | undefined)?.level === 'IN_ACCOUNT')
  .map(({ type, field }) => `${type}.${field.name}`);

const marker = 'Bsecret';
let app: TestApp;
let a: TestClient;
/** An API key of account A: it must be kept inside A exactly as A's members are. */
let aKey: TestClient;
let b: TestClient;
let records: AccountBRecords;
let bSchema: string;
let bAccountId: string;

beforeAll(async () => {
  app = await startTestApp();
  a = new TestClient(app.url);
  b = new TestClient(app.url);
  await signUpNew(a, { accountName: 'Account A' });
  // B's owner invites people below: that needs a verified address.
  const bAccount = (await signUpVerified(b, { accountName: `Account ${marker}` })).auth.account;
  bSchema = accountSchemaName(bAccount.id);
  bAccountId = bAccount.id;
  records = await fillAccountB(b);
  // A has records of its own, so that "nothing of B" is not just "nothing at all".
  const own = (await a.data('mutation { createPerson(input: { lastName: "Own A person" }) { id } }')).createPerson.id;
  await a.data(`mutation($p: ID!) { createTask(input: { title: "Own A task", personId: $p }) { id } }`, { p: own });
  await a.data(`mutation($p: ID!) { createNote(input: { body: "Own A note", personId: $p }) { id } }`, { p: own });
  aKey = new TestClient(app.url);
  aKey.token = (await a.data('mutation { createApiKey(name: "A integration", role: CO_OWNER) { secret } }')).createApiKey.secret;
});
afterAll(async () => {
  await app.stop();
});

async function fillAccountB(client: TestClient): Promise<AccountBRecords> {
  const tag = (await client.data(`mutation { createTag(input: { name: "${marker} tag" }) { id } }`)).createTag.id;
  const company = (await client.data(`mutation($t: ID!) { createCompany(input: { name: "${marker} company", tagIds: [$t] }) { id } }`, { t: tag })).createCompany.id;
  const person = (
    await client.data(`mutation($c: ID!, $t: ID!) { createPerson(input: { firstName: "${marker}", lastName: "${marker} person", email: "${marker}@b.example", companyId: $c, tagIds: [$t] }) { id } }`, {
      c: company,
      t: tag,
    })
  ).createPerson.id;
  const pipeline = (await client.data(`mutation { createPipeline(input: { name: "${marker} pipeline", phases: ["${marker} one", "${marker} two"] }) { id phases { id } } }`)).createPipeline;
  const deal = (
    await client.data(`mutation($c: ID!, $p: ID!, $t: ID!, $ph: ID!) { createDeal(input: { title: "${marker} deal", companyId: $c, personIds: [$p], tagIds: [$t], phaseId: $ph }) { id } }`, {
      c: company,
      p: person,
      t: tag,
      ph: pipeline.phases[0].id,
    })
  ).createDeal.id;
  const task = (await client.data(`mutation($p: ID!) { createTask(input: { title: "${marker} task", personId: $p }) { id } }`, { p: person })).createTask.id;
  const note = (await client.data(`mutation($p: ID!) { createNote(input: { body: "${marker} note", personId: $p }) { id } }`, { p: person })).createNote.id;
  const apiKey = (await client.data(`mutation { createApiKey(name: "${marker} key", role: NORMAL) { apiKey { id } } }`)).createApiKey.apiKey.id;
  // A public address literal: accepted without DNS; the tests run no delivery worker.
  const webhook = (await client.data(`mutation { createWebhook(input: { url: "https://1.1.1.1/${marker}", events: [PERSON_CREATED], description: "${marker} hook" }) { webhook { id } } }`))
    .createWebhook.webhook.id;
  await client.data(`mutation { createPerson(input: { lastName: "${marker} queued" }) { id } }`);
  // A failed delivery, the kind redeliverWebhookDelivery would queue again.
  const webhookDelivery = (await client.data('mutation($id: ID!) { sendTestWebhookEvent(id: $id) { id } }', { id: webhook })).sendTestWebhookEvent.id;
  await withClient(app.database.url, (db) => db.query(`update ${bSchema}.webhook_delivery set status = 'FAILED' where id = $1`, [webhookDelivery]));
  const invitation = (await client.data(`mutation { inviteUser(input: { email: "${marker}-invitee@b.example", firstName: "${marker}", lastName: "Invitee", role: NORMAL }) { id } }`)).inviteUser.id;
  // A second member of B, who joined through an invitation.
  const member = new TestClient(app.url);
  const { email } = await signUpNew(member, { accountName: 'B member home', email: `${marker}-member-${Date.now()}@b.example` });
  await client.data(`mutation { inviteUser(input: { email: "${email}", firstName: "B", lastName: "Member", role: NORMAL }) { id } }`);
  const mail = (await client.data('{ outbox { to text } }')).outbox.find((m: { to: string }) => m.to === email);
  await member.data('mutation($t: String!) { acceptInvitation(token: $t) { accessToken } }', { t: /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.text)![1] });
  const members = (await client.data('{ members { id role } }')).members as { id: string; role: string }[];
  const file = (await uploadFile(client, { personId: person }, `${marker} offer.png`, pngBytes)).body.file!.id as string;
  // An uploaded (not started) import of B's.
  const importUpload = await fetch(`${app.url}/imports?kind=PEOPLE&name=${marker}.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}` },
    body: `First name,Last name\n${marker},Imported\n`,
  });
  const importRun = ((await importUpload.json()) as { id: string }).id;
  const customField = (await client.data(`mutation { createCustomField(input: { recordType: PERSON, name: "${marker} field", type: TEXT }) { id } }`)).createCustomField.id;
  await client.data(`mutation($id: ID!, $f: ID!) { updatePerson(id: $id, input: { customFields: [{ fieldId: $f, text: "${marker} value" }] }) { id } }`, { id: person, f: customField });
  const accountPackage = (await client.data('mutation { startAccountPackage { id } }')).startAccountPackage.id as string;
  return {
    accountPackage,
    customField,
    tag,
    company,
    person,
    deal,
    pipeline: pipeline.id,
    phase: pipeline.phases[0].id,
    otherPhase: pipeline.phases[1].id,
    task,
    note,
    ownerMembership: members.find((m) => m.role === 'OWNER')!.id,
    membership: members.find((m) => m.role !== 'OWNER')!.id,
    invitation,
    apiKey,
    webhook,
    file,
    webhookDelivery,
    importRun,
  };
}

/** Every row of every table of B's schema, so that any change shows. */
async function snapshotOfB(): Promise<string> {
  return withClient(app.database.url, async (db) => {
    const tables = await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = $1 order by 1`, [bSchema]);
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await db.query(`select md5(string_agg(t::text, '|' order by t::text)) as digest, count(*) as n from ${bSchema}.${table_name} t`);
      parts.push(`${table_name}:${rows.rows[0].n}:${rows.rows[0].digest}`);
    }
    // B's rows in the global schema: its account, team and mail.
    for (const [table, column] of [['account', 'id'], ['membership', 'account_id'], ['invitation', 'account_id'], ['mail_outbox', 'account_id'], ['api_key', 'account_id']]) {
      const rows = await db.query(
        `select md5(string_agg(t::text, '|' order by t::text)) as digest, count(*) as n from ${table} t where ${column} = (select id from account where schema_name = $1)`,
        [bSchema],
      );
      parts.push(`global ${table}:${rows.rows[0].n}:${rows.rows[0].digest}`);
    }
    return parts.join('\n');
  });
}

describe('account isolation', () => {
  it('has a case for every account-scoped operation', () => {
    const missing = accountScoped.filter((name) => !(name in isolationCases));
    expect(missing, `add isolation cases in isolation-cases.ts for: ${missing.join(', ')}`).toEqual([]);
  });

  it.each(accountScoped)("%s with account A's token or API key never returns or changes anything of account B", async (name) => {
    const isolationCase = isolationCases[name];
    expect(isolationCase, `no isolation case for ${name}`).toBeDefined();
    const before = await snapshotOfB();
    for (const [client, { query, variables }] of [a, aKey].flatMap((client) => isolationCase!(records).map((request) => [client, request] as const))) {
      const response = await client.request(query, variables);
      const text = JSON.stringify(response);
      expect(text, `${name} leaked account B's data`).not.toContain(marker);
      for (const id of Object.values(records)) expect(text, `${name} returned B's ID ${id}`).not.toContain(id);
      expect(response.errors?.map((e) => e.extensions?.code).filter((c) => c === 'INTERNAL_SERVER_ERROR') ?? []).toEqual([]);
    }
    expect(await snapshotOfB(), `${name} changed account B`).toBe(before);
  });

  it("the file routes with account A's token or API key neither read, store to nor change anything of account B", async () => {
    const before = await snapshotOfB();
    // A's own file gives A a genuine signed link, which must not open B's file.
    const own = (await a.data('mutation { createPerson(input: { lastName: "Own A file holder" }) { id } }')).createPerson.id;
    const ownFile = (await uploadFile(a, { personId: own }, 'own.png', pngBytes)).body.file!.id as string;
    const ownLink = (await a.data('query($id: ID!) { file(id: $id) { downloadUrl } }', { id: ownFile })).file.downloadUrl as string;
    for (const client of [a, aKey]) {
      for (const [record, id] of [['personId', records.person], ['companyId', records.company], ['dealId', records.deal], ['noteId', records.note]] as const) {
        const { status, body } = await uploadFile(client, { [record]: id }, 'intruder.txt', Buffer.from('intruder'));
        expect(status, `upload to B's ${record}`).toBe(404);
        expect(JSON.stringify(body)).not.toContain(marker);
      }
      const download = await fetch(`${app.url}/files/${records.file}`, { headers: { authorization: `Bearer ${client.token}` } });
      expect(download.status).toBe(404);
      expect(await download.text()).not.toContain(marker);
    }
    const forged = await fetch(`${app.url}${ownLink.replace(ownFile, records.file)}`);
    expect(forged.status).toBe(401);
    expect(await snapshotOfB()).toBe(before);
    const bLink = (await b.data('query($id: ID!) { file(id: $id) { downloadUrl } }', { id: records.file })).file.downloadUrl as string;
    expect(Buffer.from(await (await fetch(`${app.url}${bLink}`)).arrayBuffer()).equals(pngBytes)).toBe(true);
  });

  it("the operations across accounts, and the one that names its account, with A's token or API key never reach account B", async () => {
    const before = await snapshotOfB();
    const setDone = 'mutation($a: ID!, $t: ID!, $d: Boolean) { setTaskDoneInAccount(accountId: $a, taskId: $t, done: $d) { id title done } }';
    const aAccountId = (await a.data('{ me { memberships { account { id } } } }')).me.memberships[0].account.id as string;
    const requests = [
      { query: setDone, variables: { a: bAccountId, t: records.task } },
      { query: setDone, variables: { a: bAccountId, t: records.task, d: false } },
      // A's own account named, B's task given: not there.
      { query: setDone, variables: { a: aAccountId, t: records.task } },
      { query: '{ myWork { id title account { id name } subject { id name } } }' },
      { query: '{ accountBadges { account { id name } overdueTasks pendingInvitations } }' },
    ];
    for (const client of [a, aKey]) {
      for (const { query, variables } of requests) {
        const response = await client.request(query, variables);
        const text = JSON.stringify(response);
        expect(text).not.toContain(marker);
        for (const id of [...Object.values(records), bAccountId]) expect(text, `returned B's ID ${id}`).not.toContain(id);
        if (query === setDone) expect(['FORBIDDEN', 'NOT_FOUND']).toContain(response.errors?.[0]?.extensions?.code);
      }
    }
    // A's calendar feed holds A's tasks only.
    const feedUrl = (await a.data('mutation { createCalendarFeed { url } }')).createCalendarFeed.url as string;
    const feed = await (await fetch(`${app.url}${new URL(feedUrl).pathname}`)).text();
    expect(feed).toContain('BEGIN:VCALENDAR');
    expect(feed).not.toContain(marker);
    for (const id of [...Object.values(records), bAccountId]) expect(feed).not.toContain(id);
    expect(await snapshotOfB()).toBe(before);
  });

  it('B still sees all of its own records afterwards', async () => {
    const { person } = await b.data(`query($id: ID!) { person(id: $id) { lastName company { name } tags { name } } }`, { id: records.person });
    expect(person).toEqual({ lastName: `${marker} person`, company: { name: `${marker} company` }, tags: [{ name: `${marker} tag` }] });
  });
});
