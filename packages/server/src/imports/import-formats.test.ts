import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOwner, startTeamTestApp } from '../testing/team-fixtures.js';
import type { TestApp } from '../testing/test-app.js';
import type { TestClient } from '../testing/test-client.js';
import { uploadImport, waitForImport } from '../testing/import-fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({ cleanup: { jobWorker: true, schedule: '17 * * * *', retentionDays: 30, scheduleCheckSeconds: 30 } });
});
afterAll(async () => {
  await app?.stop();
});

const personFields = 'firstName lastName emails phones position birthday address { street postalCode city country } company { name } tags { name }';

async function importedPeople(client: TestClient, uploaded: { id: string }) {
  const { importRun } = await client.data(`query ($id: ID!) { importRun(id: $id) { suggestedMapping } }`, { id: uploaded.id });
  await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
    id: uploaded.id,
    input: { mapping: importRun.suggestedMapping, duplicates: 'CREATE' },
  });
  expect(await waitForImport(client, uploaded.id)).toMatchObject({ status: 'DONE', rowsFailed: 0 });
  const { people } = await client.data(`{ people(first: 100) { edges { node { ${personFields} } } } }`);
  return people.edges.map((edge: { node: unknown }) => edge.node);
}

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Kontakte');
  for (const row of rows) sheet.addRow(row);
  book.addWorksheet('Notizen').addRow(['not imported']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('importing other formats than CSV', () => {
  it('reads an Excel workbook: its first sheet, German headers suggested, dates as dates, numbers and formulas as text', async () => {
    const { client } = await newOwner(app.url);
    const file = await workbook([
      ['Vorname', 'Nachname', 'E-Mail', 'Telefon', 'Firma', 'PLZ', 'Geburtstag'],
      ['Jürgen', 'Müller', 'juergen@example.com', '+49 89 1234', 'Bäckerei Süß', 80331, new Date(Date.UTC(1970, 4, 17))],
      ['Anna', { richText: [{ text: 'Sch' }, { font: { bold: true }, text: 'midt' }] }, 'anna@example.com', null, { formula: '"Bäckerei "&"Süß"', result: 'Bäckerei Süß' }, '01067', null],
    ]);
    const uploaded = await uploadImport(client, file, 'kind=PEOPLE&name=kontakte.xlsx');
    expect(uploaded).toMatchObject({ status: 201, body: { rows: 2 } });
    const { importRun } = await client.data(`query ($id: ID!) { importRun(id: $id) { format headers suggestedMapping } }`, { id: uploaded.body.id });
    expect(importRun).toEqual({
      format: 'XLSX',
      headers: ['Vorname', 'Nachname', 'E-Mail', 'Telefon', 'Firma', 'PLZ', 'Geburtstag'],
      suggestedMapping: ['FIRST_NAME', 'LAST_NAME', 'EMAIL', 'PHONE', 'COMPANY', 'POSTAL_CODE', 'BIRTHDAY'],
    });
    const people = await importedPeople(client, uploaded.body);
    expect(people).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ firstName: 'Jürgen', lastName: 'Müller', phones: ['+49 89 1234'], birthday: '1970-05-17', company: { name: 'Bäckerei Süß' }, address: expect.objectContaining({ postalCode: '80331' }) }),
        expect.objectContaining({ firstName: 'Anna', lastName: 'Schmidt', company: { name: 'Bäckerei Süß' }, address: expect.objectContaining({ postalCode: '01067' }) }),
      ]),
    );
  });

  it('reads vCard 3.0 and 4.0 cards: every address and number, the company, the first postal address, categories as tags', async () => {
    const { client } = await newOwner(app.url);
    const cards = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Weiß;Zoë;;;',
      'FN:Zoë Weiß',
      'ORG:Bäckerei Süß;Vertrieb',
      'TITLE:Leiterin Vertrieb',
      'EMAIL;TYPE=INTERNET,WORK:zoe@example.com',
      'EMAIL;TYPE=HOME:zoe@home.example',
      'TEL;TYPE=CELL:+49 170 1',
      'ADR;TYPE=WORK:;;Hauptstraße 1;Köln;;50667;Deutschland',
      'BDAY:1985-03-02',
      'CATEGORIES:Kunde,VIP',
      'NOTE:a long note that is folded over',
      '  two lines',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Ada King Lovelace',
      'TEL;VALUE=uri:tel:+44-20-1234',
      'END:VCARD',
      '',
    ].join('\r\n');
    const uploaded = await uploadImport(client, cards, 'kind=PEOPLE&name=contacts.vcf');
    expect(uploaded).toMatchObject({ status: 201, body: { rows: 2 } });
    const people = await importedPeople(client, uploaded.body);
    expect(people).toEqual(
      expect.arrayContaining([
        {
          firstName: 'Zoë',
          lastName: 'Weiß',
          emails: ['zoe@example.com', 'zoe@home.example'],
          phones: ['+49 170 1'],
          position: 'Leiterin Vertrieb',
          birthday: '1985-03-02',
          address: { street: 'Hauptstraße 1', postalCode: '50667', city: 'Köln', country: 'DE' },
          company: { name: 'Bäckerei Süß' },
          tags: [{ name: 'Kunde' }, { name: 'VIP' }],
        },
        expect.objectContaining({ firstName: 'Ada King', lastName: 'Lovelace', phones: ['+44-20-1234'] }),
      ]),
    );
  });

  it('takes its own exports back: people exported as CSV and as vCards import into another account as they were', async () => {
    const source = await newOwner(app.url, 'TEAM', 'Quelle');
    const { createTag } = await source.client.data(`mutation { createTag(input: { name: "VIP" }) { id } }`);
    const { createCompany } = await source.client.data(`mutation { createCompany(input: { name: "Müller & Söhne" }) { id } }`);
    await source.client.data(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
      input: {
        firstName: 'Jürgen',
        lastName: 'Müller',
        emails: ['juergen@example.com', 'jm@example.org'],
        phones: ['+49 89 1234'],
        position: 'Geschäftsführer',
        companyId: createCompany.id,
        address: { street: 'Hauptstraße 1', postalCode: '80331', city: 'München', country: 'DE' },
        birthday: '1970-05-17',
        tagIds: [createTag.id],
      },
    });
    const { people: original } = await source.client.data(`{ people { edges { node { ${personFields} } } } }`);

    for (const [format, language] of [['CSV', 'de'], ['CSV', 'es'], ['VCARD', 'en']] as const) {
      const { exportLink } = await source.client.data(`query ($input: ExportInput!) { exportLink(input: $input) { url fileName } }`, { input: { list: 'PEOPLE', format, language } });
      const file = Buffer.from(await (await fetch(`${app.url}${exportLink.url}`)).arrayBuffer());
      const target = await newOwner(app.url, 'TEAM', 'Ziel');
      const uploaded = await uploadImport(target.client, file, `kind=PEOPLE&name=${exportLink.fileName}`);
      expect(uploaded.status).toBe(201);
      expect(await importedPeople(target.client, uploaded.body)).toEqual(original.edges.map((edge: { node: unknown }) => edge.node));
    }
  });

  it('takes its own exports back with custom columns: CSV and XLSX fill the fields of the same names, of every kind', async () => {
    const definitions = [
      'name: "Region", type: TEXT',
      'name: "Stück", type: NUMBER',
      'name: "Budget", type: MONEY, currency: "EUR"',
      'name: "Verlängerung", type: DATE',
      'name: "VIP", type: CHECKBOX',
      'name: "Segment", type: SINGLE_CHOICE, choices: [{ label: "SMB" }, { label: "Enterprise" }]',
      'name: "Themen", type: MULTIPLE_CHOICE, choices: [{ label: "Sales" }, { label: "Support" }]',
      // Named like a built-in column: its own column comes after the built-in one and maps to the field.
      'name: "Position", type: TEXT',
    ];
    const defineAll = async (client: TestClient) => {
      const ids: Record<string, string> = {};
      for (const input of definitions) {
        const { createCustomField } = await client.data(`mutation { createCustomField(input: { recordType: PERSON, ${input} }) { id name choices { id label } } }`);
        ids[createCustomField.name] = createCustomField.id;
        for (const choice of createCustomField.choices) ids[`${createCustomField.name}:${choice.label}`] = choice.id;
      }
      return ids;
    };
    const source = await newOwner(app.url, 'TEAM', 'Quelle');
    const ids = await defineAll(source.client);
    await source.client.data(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
      input: {
        firstName: 'Jana',
        lastName: 'Nord',
        position: 'Einkauf',
        customFields: [
          { fieldId: ids.Region, text: 'Nordrhein; Westfalen' },
          { fieldId: ids['Stück'], number: 1234.5 },
          { fieldId: ids.Budget, amount: 99.9 },
          { fieldId: ids['Verlängerung'], date: '2027-12-31' },
          { fieldId: ids.VIP, checked: true },
          { fieldId: ids.Segment, choiceId: ids['Segment:Enterprise'] },
          { fieldId: ids.Themen, choiceIds: [ids['Themen:Sales'], ids['Themen:Support']] },
          { fieldId: ids.Position, text: 'Leiterin' },
        ],
      },
    });
    await source.client.data(`mutation { createPerson(input: { lastName: "Ohne", customFields: [{ fieldId: "${ids.VIP}", checked: false }] }) { id } }`);
    const customValues = `customFields { field { name } ... on TextValue { text } ... on NumberValue { number } ... on MoneyValue { amount currency } ... on DateValue { date } ... on BooleanValue { checked } ... on ChoiceValue { choice { label } } ... on ChoicesValue { choices { label } } }`;
    const read = async (client: TestClient) => (await client.data(`{ people(first: 100) { edges { node { lastName position ${customValues} } } } }`)).people.edges;
    const original = await read(source.client);
    expect(original[0].node.customFields).toHaveLength(8);

    for (const [format, language] of [['CSV', 'de'], ['XLSX', 'es']] as const) {
      const { exportLink } = await source.client.data(`query ($input: ExportInput!) { exportLink(input: $input) { url fileName } }`, { input: { list: 'PEOPLE', format, language } });
      const file = Buffer.from(await (await fetch(`${app.url}${exportLink.url}`)).arrayBuffer());
      const target = await newOwner(app.url, 'TEAM', 'Ziel');
      const targetIds = await defineAll(target.client);
      const uploaded = await uploadImport(target.client, file, `kind=PEOPLE&name=${exportLink.fileName}`);
      expect(uploaded.status).toBe(201);
      const { importRun } = await target.client.data(`query ($id: ID!) { importRun(id: $id) { headers suggestedMapping suggestedCustomFieldMapping } }`, { id: uploaded.body.id });
      const suggested = (name: string) => importRun.suggestedCustomFieldMapping[importRun.headers.lastIndexOf(name)];
      for (const name of ['Region', 'Stück', 'Budget', 'Verlängerung', 'VIP', 'Segment', 'Themen', 'Position']) expect(suggested(name)).toBe(targetIds[name]);
      expect(importRun.suggestedMapping[importRun.headers.indexOf(language === 'de' ? 'Position' : 'Cargo')]).toBe('POSITION');
      await target.client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
        id: uploaded.body.id,
        input: { mapping: importRun.suggestedMapping, customFields: importRun.suggestedCustomFieldMapping, duplicates: 'CREATE' },
      });
      expect(await waitForImport(target.client, uploaded.body.id)).toMatchObject({ status: 'DONE', rowsFailed: 0 });
      expect(await read(target.client)).toEqual(original);
    }
  });

  it('refuses a file that only looks like a workbook or a vCard file, keeping nothing', async () => {
    const { client } = await newOwner(app.url);
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]);
    const notWorkbook = await uploadImport(client, broken, 'kind=PEOPLE&name=kaputt.xlsx');
    expect(notWorkbook.status).toBe(400);
    expect(notWorkbook.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('Excel workbook') });
    const notCard = await uploadImport(client, 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN;=broken\r\nEND:VCARD\r\n', 'kind=PEOPLE&name=kaputt.vcf');
    expect(notCard.status).toBe(400);
    expect(notCard.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect((await client.data('{ importRuns { id } }')).importRuns).toEqual([]);
  });
});
