import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import type { TestApp } from '../testing/test-app.js';
import type { TestClient } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const exportLink = `query Export($input: ExportInput!) { exportLink(input: $input) { url fileName expiresAt } }`;

async function download(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}${url}`, { headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

async function exported(client: TestClient, input: Record<string, unknown>) {
  const { exportLink: link } = await client.data(exportLink, { input });
  const file = await download(link.url);
  expect(file.status).toBe(200);
  return { ...file, fileName: link.fileName as string };
}

const csvRows = (body: Buffer) => parse(body, { bom: true }) as string[][];

/** An account with two tags, a company and three people, one of them with everything filled in. */
async function seeded() {
  const owner = await newOwner(app.url, 'TEAM', 'Export GmbH');
  const { client } = owner;
  const tags = await client.data(`mutation { a: createTag(input: { name: "VIP" }) { id } b: createTag(input: { name: "Kunde" }) { id } }`);
  const { createCompany } = await client.data(`mutation { createCompany(input: { name: "Müller & Söhne" }) { id } }`);
  await client.data(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
    input: {
      firstName: 'Jürgen',
      lastName: 'Müller',
      emails: ['juergen@example.com', 'jm@example.org'],
      phones: ['+49 89 1234'],
      position: 'Geschäftsführer',
      companyId: createCompany.id,
      address: { street: 'Hauptstraße 1', postalCode: '80331', city: 'München', country: 'DE' },
      birthday: '1970-05-17',
      tagIds: [tags.a.id, tags.b.id],
    },
  });
  await client.data(`mutation { createPerson(input: { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" }) { id } }`);
  await client.data(`mutation { createPerson(input: { firstName: "Evil", lastName: "=HYPERLINK(\\"http://evil.example\\")" }) { id } }`);
  return { ...owner, companyId: createCompany.id as string };
}

describe('exporting a list', () => {
  it('as CSV: the filtered people with the chosen columns, headers in the user language, lists joined as the importer splits them', async () => {
    const { client, auth } = await seeded();
    const user = auth.user as { id: string; name: string };
    const file = await exported(client, {
      list: 'PEOPLE',
      format: 'CSV',
      language: 'de',
      columns: ['firstName', 'lastName', 'emails', 'phones', 'company', 'city', 'birthday', 'tags', 'responsible'],
      peopleFilter: { text: 'Mül' },
    });
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(file.fileName).toMatch(/^personen-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { auditEvents } = await client.data(`{ auditEvents(filter: { actions: [LIST_EXPORTED] }) { edges { node { action changes } } } }`);
    expect(auditEvents.edges.map((edge: { node: { changes: string } }) => JSON.parse(edge.node.changes))).toEqual([
      { list: 'PEOPLE', format: 'CSV', columns: ['firstName', 'lastName', 'emails', 'phones', 'company', 'city', 'birthday', 'tags', 'responsible'] },
    ]);
    expect(csvRows(file.body)).toEqual([
      ['Vorname', 'Nachname', 'E-Mail', 'Telefon', 'Firma', 'Ort', 'Geburtstag', 'Schlagworte', 'Verantwortlich'],
      ['Jürgen', 'Müller', 'juergen@example.com; jm@example.org', '+49 89 1234', 'Müller & Söhne', 'München', '1970-05-17', 'Kunde; VIP', user.name],
    ]);
  });

  it('offers the custom fields as columns headed by their names, written as the importer reads them', async () => {
    const { client } = await newOwner(app.url);
    const define = async (input: string) => (await client.data(`mutation { createCustomField(input: { recordType: COMPANY, ${input} }) { id choices { id } } }`)).createCustomField;
    const size = await define('name: "Größe", type: NUMBER');
    const sector = await define('name: "Branche", type: MULTIPLE_CHOICE, choices: [{ label: "Handel" }, { label: "Bau" }]');
    const audited = await define('name: "Geprüft", type: CHECKBOX');
    await client.data(`mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: { name: 'Bau & Handel AG', customFields: [{ fieldId: size.id, number: 1250.75 }, { fieldId: sector.id, choiceIds: sector.choices.map((c: { id: string }) => c.id) }, { fieldId: audited.id, checked: true }] },
    });
    await client.data(`mutation { createCompany(input: { name: "Leer GmbH" }) { id } }`);
    const { exportColumns } = await client.data(`{ exportColumns(list: COMPANIES, language: "es") { key label } }`);
    expect(exportColumns.slice(-3)).toEqual([
      { key: `custom.${size.id}`, label: 'Größe' },
      { key: `custom.${sector.id}`, label: 'Branche' },
      { key: `custom.${audited.id}`, label: 'Geprüft' },
    ]);
    expect((await client.data(`{ exportColumns(list: TASKS) { key } }`)).exportColumns.some((c: { key: string }) => c.key.startsWith('custom.'))).toBe(false);

    const columns = ['name', `custom.${size.id}`, `custom.${sector.id}`, `custom.${audited.id}`];
    expect(csvRows((await exported(client, { list: 'COMPANIES', format: 'CSV', columns })).body)).toEqual([
      ['Company', 'Größe', 'Branche', 'Geprüft'],
      ['Bau & Handel AG', '1250.75', 'Handel; Bau', '1'],
      ['Leer GmbH', '', '', ''],
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exported(client, { list: 'COMPANIES', format: 'XLSX', columns })).body as never);
    expect(workbook.worksheets[0]!.getRow(2).values).toEqual([undefined, 'Bau & Handel AG', 1250.75, 'Handel; Bau', true]);

    // The list's filter on a custom field applies to the file as to the list.
    const filtered = await exported(client, { list: 'COMPANIES', format: 'CSV', columns, companiesFilter: { customFields: [{ fieldId: size.id, min: 1000 }] } });
    expect(csvRows(filtered.body).map((row) => row[0])).toEqual(['Company', 'Bau & Handel AG']);

    // Another account's field, or none: refused by name, nothing made.
    const other = await newOwner(app.url);
    const { createCustomField: foreign } = await other.client.data(`mutation { createCustomField(input: { recordType: COMPANY, name: "Geheim", type: TEXT }) { id } }`);
    for (const key of [`custom.${foreign.id}`, 'custom.00000000-0000-4000-8000-000000000000']) {
      expect(await refusal(client, exportLink, { input: { list: 'COMPANIES', format: 'CSV', columns: ['name', key] } })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'columns' } });
    }
    // A person's field is no column of companies.
    const { createCustomField: personal } = await client.data(`mutation { createCustomField(input: { recordType: PERSON, name: "Hobby", type: TEXT }) { id } }`);
    expect(await refusal(client, exportLink, { input: { list: 'COMPANIES', format: 'CSV', columns: [`custom.${personal.id}`] } })).toMatchObject({ code: 'BAD_USER_INPUT' });
    // A field deleted between the link and the download: its column is left out.
    const { exportLink: link } = await client.data(exportLink, { input: { list: 'COMPANIES', format: 'CSV', columns } });
    await client.data(`mutation ($id: ID!) { deleteCustomField(id: $id) }`, { id: sector.id });
    expect(csvRows((await download(link.url)).body)[0]).toEqual(['Company', 'Größe', 'Geprüft']);
  });

  it('writes every row of a list longer than a page once, in the list order', async () => {
    const { client } = await newOwner(app.url);
    const names = Array.from({ length: 230 }, (_, i) => `Person ${String(i).padStart(3, '0')}`);
    for (let start = 0; start < names.length; start += 25) {
      const batch = names.slice(start, start + 25).map((name, i) => `p${i}: createPerson(input: { lastName: "${name}" }) { id }`);
      await client.data(`mutation { ${batch.join(' ')} }`);
    }
    const rows = csvRows((await exported(client, { list: 'PEOPLE', format: 'CSV', columns: ['lastName'] })).body);
    expect(rows[0]).toEqual(['Last name']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(names);
  });

  it('never writes a cell a spreadsheet would run as a formula', async () => {
    const { client } = await seeded();
    const rows = csvRows((await exported(client, { list: 'PEOPLE', format: 'CSV', columns: ['firstName', 'lastName'], peopleFilter: { text: 'Evil' } })).body);
    expect(rows[1]).toEqual(['Evil', `'=HYPERLINK("http://evil.example")`]);
    await client.data(`mutation { createPerson(input: { firstName: "+SUM(1)", lastName: "Plus", phones: ["+49 (89) 12-34"] }) { id } }`);
    const plus = csvRows((await exported(client, { list: 'PEOPLE', format: 'CSV', columns: ['firstName', 'phones'], peopleFilter: { text: 'Plus' } })).body);
    expect(plus[1]).toEqual([`'+SUM(1)`, '+49 (89) 12-34']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exported(client, { list: 'PEOPLE', format: 'XLSX', columns: ['lastName'], peopleFilter: { text: 'Evil' } })).body as never);
    const cell = workbook.worksheets[0]!.getRow(2).getCell(1);
    expect(cell.formula).toBeUndefined();
    expect(cell.value).toBe('=HYPERLINK("http://evil.example")');
  });

  it('as XLSX: a workbook with the same rows, numbers as numbers', async () => {
    const { client, companyId } = await seeded();
    const { pipelines } = await client.data(`{ pipelines { id phases { id name } } }`);
    const phase = pipelines[0].phases[1];
    await client.data(`mutation ($input: CreateDealInput!) { createDeal(input: $input) { id } }`, {
      input: { title: 'Großauftrag', companyId, pipelineId: pipelines[0].id, phaseId: phase.id, value: { amountCents: 1_250_050, currency: 'EUR' }, probability: 60 },
    });
    const file = await exported(client, { list: 'DEALS', format: 'XLSX', columns: ['title', 'company', 'phase', 'value', 'currency', 'probability'] });
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Title', 'Company', 'Phase', 'Value', 'Currency', 'Probability (%)']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Großauftrag', 'Müller & Söhne', phase.name, 12500.5, 'EUR', 60]);
    expect(sheet.rowCount).toBe(2);
  });

  it('as vCards (people only), each card read back by an address-book parser', async () => {
    const { client } = await seeded();
    const file = await exported(client, { list: 'PEOPLE', format: 'VCARD', peopleFilter: { text: 'Jürgen' } });
    expect(file.headers.get('content-type')).toBe('text/vcard; charset=utf-8');
    // One card parses to one jCard; several to a list of them.
    const parsed = ICAL.parse(file.body.toString('utf8')) as unknown[];
    const jcards = Array.isArray(parsed[0]) ? parsed : [parsed];
    const cards = jcards.map((jcard) => new ICAL.Component(jcard as never));
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(card.getFirstPropertyValue('version')).toBe('4.0');
    expect(card.getFirstPropertyValue('fn')).toBe('Jürgen Müller');
    expect(card.getFirstPropertyValue('n')).toEqual(['Müller', 'Jürgen', '', '', '']);
    expect(card.getAllProperties('email').map((p: ICAL.Property) => p.getFirstValue())).toEqual(['juergen@example.com', 'jm@example.org']);
    expect(card.getFirstPropertyValue('org')).toBe('Müller & Söhne');
    expect(card.getFirstProperty('categories')!.getValues()).toEqual(['Kunde', 'VIP']);
    expect(String(card.getFirstPropertyValue('bday'))).toBe('1970-05-17');

    expect(await refusal(client, exportLink, { input: { list: 'COMPANIES', format: 'VCARD' } })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'format' } });
  });

  it('tasks with the names of their person, company and deal', async () => {
    const { client, auth } = await seeded();
    const user = auth.user as { id: string; name: string };
    const { people } = await client.data(`{ people(filter: { text: "Ada" }) { edges { node { id } } } }`);
    await client.data(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`, {
      input: { title: 'Anrufen', dueDate: '2026-12-01', personId: people.edges[0].node.id, assigneeUserId: user.id },
    });
    const rows = csvRows((await exported(client, { list: 'TASKS', format: 'CSV', columns: ['title', 'dueDate', 'done', 'assignee', 'person'] })).body);
    expect(rows).toEqual([
      ['Title', 'Due', 'Done', 'Assignee', 'Person'],
      ['Anrufen', '2026-12-01', '', user.name, 'Ada Lovelace'],
    ]);
  });
});

describe('export rights and links', () => {
  it('lists are exported by owners, co-owners and extended members; a normal member gets FORBIDDEN but may take one person as a vCard', async () => {
    const { client } = await seeded();
    const extended = await addMember(client, 'EXTENDED');
    expect((await exported(extended.client, { list: 'COMPANIES', format: 'CSV', columns: ['name'] })).body.toString()).toContain('Müller & Söhne');

    const normal = await addMember(client, 'NORMAL');
    expect(await refusal(normal.client, exportLink, { input: { list: 'PEOPLE', format: 'CSV' } })).toMatchObject({ code: 'FORBIDDEN' });
    const { people } = await normal.client.data(`{ people(filter: { text: "Ada" }) { edges { node { vcardUrl } } } }`);
    const card = await download(people.edges[0].node.vcardUrl);
    expect(card.status).toBe(200);
    expect(card.headers.get('content-disposition')).toContain('Ada Lovelace.vcf');
    expect(new ICAL.Component(ICAL.parse(card.body.toString('utf8')) as never).getFirstPropertyValue('fn')).toBe('Ada Lovelace');
  });

  it('checks the right again when the link is opened: a link made before a demotion or a log-out exports nothing', async () => {
    const { client } = await seeded();
    const member = await addMember(client, 'EXTENDED');
    const { exportLink: link } = await member.client.data(exportLink, { input: { list: 'PEOPLE', format: 'CSV' } });
    await client.data(`mutation ($id: ID!) { setMemberRole(membershipId: $id, role: NORMAL) { role } }`, { id: member.membershipId });
    const demoted = await download(link.url);
    expect(demoted.status).toBe(403);
    expect(JSON.parse(demoted.body.toString()).errors[0].extensions.code).toBe('FORBIDDEN');

    const { exportLink: ownerLink } = await client.data(exportLink, { input: { list: 'PEOPLE', format: 'CSV' } });
    await client.data('mutation { logOut }');
    expect((await download(ownerLink.url)).status).toBe(401);
  });

  it('refuses forged and foreign tokens, unknown columns and filters of another list, changing nothing', async () => {
    const { client } = await seeded();
    expect((await download('/exports?token=forged')).status).toBe(401);
    const { people } = await client.data(`{ people(first: 1) { edges { node { id } } } }`);
    // A token for another purpose (here: an invoice-free file link is not at hand, so a vCard link with its claims changed) is refused.
    const { person } = await client.data(`query ($id: ID!) { person(id: $id) { vcardUrl } }`, { id: people.edges[0].node.id });
    const token = new URL(person.vcardUrl, app.url).searchParams.get('token')!;
    const [header, payload, signature] = token.split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), xpt: { list: 'PEOPLE', format: 'CSV', columns: [], language: 'en' } })).toString('base64url');
    expect((await download(`/exports?token=${header}.${widened}.${signature}`)).status).toBe(401);

    expect(await refusal(client, exportLink, { input: { list: 'PEOPLE', format: 'CSV', columns: ['lastName', 'salary'] } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('salary'),
    });
    expect(await refusal(client, exportLink, { input: { list: 'PEOPLE', format: 'CSV', companiesFilter: { text: 'x' } } })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refusal(client, exportLink, { input: { list: 'PEOPLE', format: 'CSV', language: 'fr' } })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('an API key link is opened with the same key only', async () => {
    const { client } = await seeded();
    const { createApiKey } = await client.data('mutation { createApiKey(name: "Export", role: CO_OWNER) { secret } }');
    const keyClient = { token: createApiKey.secret } as TestClient;
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keyClient.token}` },
      body: JSON.stringify({ query: exportLink, variables: { input: { list: 'COMPANIES', format: 'CSV', columns: ['name'] } } }),
    });
    const { data } = (await response.json()) as { data: { exportLink: { url: string } } };
    expect((await download(data.exportLink.url)).status).toBe(401);
    const file = await download(data.exportLink.url, { authorization: `Bearer ${createApiKey.secret}` });
    expect(file.status).toBe(200);
    expect(csvRows(file.body)).toEqual([['Company'], ['Müller & Söhne']]);
  });

  it("never holds another account's records, even filtered by their IDs", async () => {
    const a = await seeded();
    const b = await newOwner(app.url, 'TEAM', 'Other AG');
    const { createCompany } = await b.client.data(`mutation { createCompany(input: { name: "Geheim AG" }) { id } }`);
    await b.client.data(`mutation ($c: ID!) { createPerson(input: { lastName: "Geheimnisträger", companyId: $c }) { id } }`, { c: createCompany.id });
    const filtered = await exported(a.client, { list: 'PEOPLE', format: 'CSV', peopleFilter: { companyId: createCompany.id } });
    expect(csvRows(filtered.body)).toHaveLength(1);
    for (const list of ['PEOPLE', 'COMPANIES', 'DEALS', 'TASKS']) {
      const file = await exported(a.client, { list, format: 'CSV' });
      expect(file.body.toString()).not.toContain('Geheim');
    }
  });

  it('offers its columns with their headers in de, en and es', async () => {
    const { client } = await newOwner(app.url);
    const { de, es } = await client.data(`{ de: exportColumns(list: COMPANIES, language: "de") { key label } es: exportColumns(list: COMPANIES, language: "es") { key label } }`);
    expect(de.slice(0, 2)).toEqual([
      { key: 'name', label: 'Firma' },
      { key: 'website', label: 'Website' },
    ]);
    expect(es[0]).toEqual({ key: 'name', label: 'Empresa' });
  });
});
