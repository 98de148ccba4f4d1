import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes, uploadFile } from '../testing/file-fixtures.js';
import { addMember, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import type { TestClient } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);

/** A person with a company, a tag, a deal, a task, two notes (one confidential), a file and some history. */
async function personWithEverything(client: TestClient) {
  const { createTag } = await client.data(`mutation { createTag(input: { name: "VIP" }) { id } }`);
  const { createCompany } = await client.data(`mutation { createCompany(input: { name: "Datenschutz AG" }) { id } }`);
  const { createPerson } = await client.data(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
    input: { firstName: 'Erika', lastName: 'Mustermann', email: 'erika@example.com', companyId: createCompany.id, tagIds: [createTag.id], birthday: '1964-08-12' },
  });
  const id = createPerson.id as string;
  await client.data(`mutation ($id: ID!) { updatePerson(id: $id, input: { position: "Einkauf" }) { id } }`, { id });
  await client.data(`mutation ($id: ID!) { a: createNote(input: { personId: $id, body: "Mag Kaffee" }) { id } b: createNote(input: { personId: $id, body: "Gehaltswunsch 80k", confidential: true }) { id } }`, { id });
  await client.data(`mutation ($id: ID!) { createTask(input: { personId: $id, title: "Erika anrufen" }) { id } }`, { id });
  const { pipelines } = await client.data(`{ pipelines { id } }`);
  await client.data(`mutation ($id: ID!, $p: ID!) { createDeal(input: { title: "Rahmenvertrag", pipelineId: $p, personIds: [$id] }) { id } }`, { id, p: pipelines[0].id });
  expect((await uploadFile(client, { personId: id }, 'ausweis.png', pngBytes)).status).toBe(201);
  return { id, companyId: createCompany.id as string };
}

async function download(url: string) {
  const response = await fetch(`${app.url}${url}`);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('privacy requests of one person', () => {
  it('Art. 15: everything stored about the person as one JSON file, confidential notes and the timeline included', async () => {
    const { client } = await newOwner(app.url, 'TEAM', 'Auskunft GmbH');
    const { id } = await personWithEverything(client);
    const { personDataLink } = await client.data(`query ($id: ID!) { personDataLink(personId: $id) { url fileName } }`, { id });
    expect(personDataLink.fileName).toBe('Erika Mustermann - data.json');
    const file = await download(personDataLink.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('attachment');
    const data = JSON.parse(file.body);
    expect(data).toMatchObject({
      format: 'kontor-person-data/1',
      account: { name: 'Auskunft GmbH' },
      person: { id, first_name: 'Erika', last_name: 'Mustermann', emails: ['erika@example.com'], position: 'Einkauf', birthday: '1964-08-12' },
      company: { name: 'Datenschutz AG' },
      tags: ['VIP'],
      deals: [{ title: 'Rahmenvertrag' }],
      tasks: [{ title: 'Erika anrufen', done: false }],
      files: [{ name: 'ausweis.png', contentType: 'image/png' }],
    });
    expect(data.notes.map((note: { body: string }) => note.body).sort()).toEqual(['Gehaltswunsch 80k', 'Mag Kaffee']);
    expect(data.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(expect.arrayContaining(['CREATED', 'CHANGED', 'NOTE_ADDED']));
    expect(data.person).not.toHaveProperty('search_vector');
  });

  it('Art. 17: erases the person and everything naming them, nothing else; integrations learn of the deletion only', async () => {
    const { client } = await newOwner(app.url, 'TEAM', 'Löschung GmbH');
    const { id, companyId } = await personWithEverything(client);
    const { id: other } = (await client.data(`mutation { createPerson(input: { lastName: "Bleibt" }) { id } }`)).createPerson;
    const { me } = await client.data(`{ me { memberships { account { id name } } } }`);
    const schema = `acct_${me.memberships.find((m: { account: { name: string } }) => m.account.name === 'Löschung GmbH').account.id.replace(/-/g, '')}`;
    // A delivery carrying the person's data, as a webhook would have queued it.
    const [webhook] = await sql<{ id: string }>(`insert into ${schema}.webhook (id, url, events, secret) values (gen_random_uuid(), 'https://hooks.example/x', '{PERSON_CREATED}', 'x') returning id`);
    await sql(`insert into ${schema}.webhook_delivery (id, webhook_id, event, payload) values (gen_random_uuid(), $1, 'PERSON_CREATED', $2)`, [webhook!.id, { record: { id, lastName: 'Mustermann' } }]);

    const { erasePerson } = await client.data(`mutation ($id: ID!) { erasePerson(id: $id) { personId notes tasks files timelineEntries webhookDeliveries importRecords } }`, { id });
    // Created, changed, two notes added.
    expect(erasePerson).toMatchObject({ personId: id, notes: 2, tasks: 1, files: 1, timelineEntries: 4, webhookDeliveries: 1 });

    expect((await client.data(`query ($id: ID!) { person(id: $id) { id } }`, { id })).person).toBeNull();
    const left = await sql<{ n: string }>(
      `select (select count(*) from ${schema}.activity where subject_id = $1) + (select count(*) from ${schema}.note where person_id = $1)
            + (select count(*) from ${schema}.task where person_id = $1) + (select count(*) from ${schema}.file where person_id = $1)
            + (select count(*) from ${schema}.deal_person where person_id = $1)
            + (select count(*) from ${schema}.webhook_delivery where payload::text like '%Mustermann%') as n`,
      [id],
    );
    expect(Number(left[0]!.n)).toBe(0);
    // Nothing else went: the company, the deal, the other person.
    const kept = await client.data(`query ($c: ID!, $o: ID!) { company(id: $c) { name } person(id: $o) { lastName } deals { edges { node { title } } } }`, { c: companyId, o: other });
    expect(kept).toEqual({
      company: { name: 'Datenschutz AG' },
      person: { lastName: 'Bleibt' },
      deals: { edges: [{ node: { title: 'Rahmenvertrag' } }] },
    });
    expect(await refusal(client, `mutation ($id: ID!) { erasePerson(id: $id) { personId } }`, { id })).toMatchObject({ code: 'NOT_FOUND' });
    // The audit trail says it happened, to whom by ID, and nothing of the person's data.
    const { auditEvents } = await client.data(`{ auditEvents(filter: { actions: [PERSON_ERASED] }) { edges { node { targetId targetLabel changes } } } }`);
    expect(auditEvents.edges).toEqual([{ node: { targetId: id, targetLabel: null, changes: '{}' } }]);
  });

  it('are answered by owners and co-owners only, never with an API key; a link checks the right again when opened', async () => {
    const { client } = await newOwner(app.url);
    const { id } = (await client.data(`mutation { createPerson(input: { lastName: "Geschützt" }) { id } }`)).createPerson;
    const extended = await addMember(client, 'EXTENDED');
    expect(await refusal(extended.client, `query ($id: ID!) { personDataLink(personId: $id) { url } }`, { id })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(extended.client, `mutation ($id: ID!) { erasePerson(id: $id) { personId } }`, { id })).toMatchObject({ code: 'FORBIDDEN' });

    const { createApiKey } = await client.data('mutation { createApiKey(name: "Key", role: CO_OWNER) { secret } }');
    const viaKey = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${createApiKey.secret}` },
      body: JSON.stringify({ query: 'mutation ($id: ID!) { erasePerson(id: $id) { personId } }', variables: { id } }),
    });
    expect(((await viaKey.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('FORBIDDEN');

    const coOwner = await addMember(client, 'CO_OWNER');
    const { personDataLink } = await coOwner.client.data(`query ($id: ID!) { personDataLink(personId: $id) { url } }`, { id });
    await client.data(`mutation ($id: ID!) { setMemberRole(membershipId: $id, role: NORMAL) { role } }`, { id: coOwner.membershipId });
    expect((await download(personDataLink.url)).status).toBe(403);
    expect((await download('/privacy/person-data?token=forged')).status).toBe(401);
    expect((await client.data(`query ($id: ID!) { person(id: $id) { lastName } }`, { id })).person).toEqual({ lastName: 'Geschützt' });
  });
});
