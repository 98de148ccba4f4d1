import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOwner, startTeamTestApp } from '../testing/team-fixtures.js';
import type { TestApp } from '../testing/test-app.js';
import type { TestClient } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({ cleanup: { jobWorker: true, schedule: '17 * * * *', retentionDays: 30, scheduleCheckSeconds: 30 } });
});
afterAll(async () => {
  await app.stop();
});

async function upload(client: TestClient, body: string): Promise<string> {
  const response = await fetch(`${app.url}/imports?kind=PEOPLE&name=contacts.csv`, { method: 'POST', headers: { authorization: `Bearer ${client.token}` }, body });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function waitForEnd(client: TestClient, id: string) {
  for (let waited = 0; waited < 30_000; waited += 200) {
    const { importRun } = await client.data(`query ($id: ID!) { importRun(id: $id) { status rowsCreated rowsUpdated rowsFailed customFieldMapping } }`, { id });
    if (!['QUEUED', 'RUNNING'].includes(importRun.status)) return importRun;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the import did not finish in 30 s');
}

const values = `customFields { field { name } ... on TextValue { text } ... on MoneyValue { amount } ... on DateValue { date } ... on BooleanValue { checked } ... on ChoiceValue { choice { label } } ... on ChoicesValue { choices { label } } }`;

describe('an import fills custom fields', () => {
  it('maps columns to custom fields of every kind, fails a row whose cell does not fit, and undo restores updated values', async () => {
    const { client } = await newOwner(app.url);
    const define = async (input: string) => (await client.data(`mutation { createCustomField(input: { recordType: PERSON, ${input} }) { id } }`)).createCustomField.id as string;
    const region = await define('name: "Region", type: TEXT');
    const budget = await define('name: "Budget", type: MONEY, currency: "EUR"');
    const renewal = await define('name: "Renewal", type: DATE');
    const vip = await define('name: "VIP", type: CHECKBOX');
    const segment = await define('name: "Segment", type: SINGLE_CHOICE, choices: [{ label: "SMB" }, { label: "Enterprise" }]');
    const topics = await define('name: "Topics", type: MULTIPLE_CHOICE, choices: [{ label: "Sales" }, { label: "Support" }]');

    const csv = ['Vorname;Nachname;E-Mail;Region;Budget;Verlängerung;VIP;Segment;Themen',
      'Jana;Nord;jana@nord.example;Nordrhein;1.234,50;31.12.2027;ja;enterprise;Sales, Support',
      'Kai;Süd;kai@sued.example;Bayern;viel;01.01.2027;nein;SMB;',
    ].join('\n');
    const id = await upload(client, csv);
    const mapping = ['FIRST_NAME', 'LAST_NAME', 'EMAIL', null, null, null, null, null, null];
    const customFields = [null, null, null, region, budget, renewal, vip, segment, topics];
    // A column mapped both ways is refused, and nothing starts.
    const both = await client.request(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
      id,
      input: { mapping, customFields: [region, ...customFields.slice(1)], duplicates: 'SKIP' },
    });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customFields' });

    await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, { id, input: { mapping, customFields, duplicates: 'SKIP' } });
    expect(await waitForEnd(client, id)).toMatchObject({ status: 'DONE', rowsCreated: 1, rowsFailed: 1, customFieldMapping: customFields });
    const { people } = await client.data(`{ people { edges { node { lastName ${values} } } } }`);
    expect(people.edges).toEqual([
      {
        node: {
          lastName: 'Nord',
          customFields: [
            { field: { name: 'Region' }, text: 'Nordrhein' },
            { field: { name: 'Budget' }, amount: 1234.5 },
            { field: { name: 'Renewal' }, date: '2027-12-31' },
            { field: { name: 'VIP' }, checked: true },
            { field: { name: 'Segment' }, choice: { label: 'Enterprise' } },
            { field: { name: 'Topics' }, choices: [{ label: 'Sales' }, { label: 'Support' }] },
          ],
        },
      },
    ]);

    // A second import updates Jana's region; undo puts the old one back.
    const second = await upload(client, 'Vorname;Nachname;E-Mail;Region\nJana;Nord;jana@nord.example;Hessen\n');
    await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
      id: second,
      input: { mapping: ['FIRST_NAME', 'LAST_NAME', 'EMAIL', null], customFields: [null, null, null, region], duplicates: 'UPDATE' },
    });
    expect(await waitForEnd(client, second)).toMatchObject({ status: 'DONE', rowsUpdated: 1 });
    const regionOf = async () =>
      (await client.data(`{ people(filter: { text: "nord" }) { edges { node { ${values} timeline { changedCustomFields } } } } }`)).people.edges[0].node;
    const updated = await regionOf();
    expect(updated.customFields[0]).toEqual({ field: { name: 'Region' }, text: 'Hessen' });
    expect(updated.timeline[0].changedCustomFields).toEqual(['Region']);
    await client.data(`mutation ($id: ID!) { undoImport(id: $id) { restored } }`, { id: second });
    expect((await regionOf()).customFields[0]).toEqual({ field: { name: 'Region' }, text: 'Nordrhein' });
  });
});
