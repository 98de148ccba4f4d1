import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger.js';
import { addMember, newOwner, startTeamTestApp } from '../testing/team-fixtures.js';
import type { TestApp } from '../testing/test-app.js';
import type { TestClient } from '../testing/test-client.js';
import { importRunFields, uploadImport, waitForImport } from '../testing/import-fixtures.js';
import { withClient } from '../testing/test-database.js';
import { ImportInterrupted, runImportJob } from './import-job.js';
import { forgetImport } from './import-retention.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({ cleanup: { jobWorker: true, schedule: '17 * * * *', retentionDays: 30, scheduleCheckSeconds: 30 } });
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);

const upload = uploadImport;
const waitForEnd = waitForImport;

const people = async (client: TestClient) =>
  (await client.data(`{ people(first: 100) { edges { node { firstName lastName emails phones address { city country } birthday company { name } tags { name } } } } }`)).people.edges.map(
    (edge: { node: unknown }) => edge.node,
  );

// A German Excel export: Windows-1252, semicolons, German headers, a quoted field with the delimiter in it.
const germanCsv = [
  'Vorname;Nachname;E-Mail-Adresse;Telefon;Firma;Ort;Land;Geburtstag;Schlagworte',
  'Jürgen;Müller;juergen@example.com;+49 30 123456;Bäckerei Süß;München;Deutschland;31.12.1980;"Kunde, VIP"',
  'Anna;;anna@example.com;;;;;;',
  'Bernd;Schäfer;kein-mail;;;;;;',
  'Clara;Ölmann;clara@example.com;;"Bäckerei Süß";Köln;DE;;Kunde',
].join('\r\n');

describe('importing people from CSV', () => {
  it('reads a Windows-1252 file with semicolons, suggests the mapping from German headers, and previews each row with its problems', async () => {
    const { client } = await newOwner(app.url);
    const uploaded = await upload(client, iconv.encode(germanCsv, 'win1252'));
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.rows).toBe(4);
    const { importRun } = await client.data(`query ($id: ID!) { importRun(id: $id) { ${importRunFields} } }`, { id: uploaded.body.id });
    expect(importRun).toMatchObject({ status: 'UPLOADED', encoding: 'windows-1252', delimiter: ';', rowsTotal: 4 });
    expect(importRun.headers[0]).toBe('Vorname');
    expect(importRun.suggestedMapping).toEqual(['FIRST_NAME', 'LAST_NAME', 'EMAIL', 'PHONE', 'COMPANY', 'CITY', 'COUNTRY', 'BIRTHDAY', 'TAGS']);

    const { importPreview } = await client.data(
      `query ($id: ID!, $mapping: [ImportField]!) { importPreview(id: $id, mapping: $mapping) { rowNumber action firstName lastName emails company city country birthday tags issues { problem value blocking } } }`,
      { id: uploaded.body.id, mapping: importRun.suggestedMapping },
    );
    expect(importPreview).toEqual([
      {
        rowNumber: 2,
        action: 'CREATE',
        firstName: 'Jürgen',
        lastName: 'Müller',
        emails: ['juergen@example.com'],
        company: 'Bäckerei Süß',
        city: 'München',
        country: 'DE',
        birthday: '1980-12-31',
        tags: ['Kunde', 'VIP'],
        issues: [{ problem: 'COMPANY_WILL_BE_CREATED', value: 'Bäckerei Süß', blocking: false }],
      },
      expect.objectContaining({ rowNumber: 3, action: 'FAIL', issues: [{ problem: 'MISSING_LAST_NAME', value: null, blocking: true }] }),
      expect.objectContaining({ rowNumber: 4, action: 'FAIL', issues: [{ problem: 'INVALID_EMAIL', value: 'kein-mail', blocking: true }] }),
      expect.objectContaining({ rowNumber: 5, action: 'CREATE', country: 'DE' }),
    ]);
  });

  it('imports in a background job: people with their company, tags and address; failed rows downloadable with the reason; duplicates skipped or updated', async () => {
    const { client } = await newOwner(app.url);
    const mapping = ['FIRST_NAME', 'LAST_NAME', 'EMAIL', 'PHONE', 'COMPANY', 'CITY', 'COUNTRY', 'BIRTHDAY', 'TAGS'];
    const first = await upload(client, '\uFEFF' + germanCsv.replace(/;/g, ','));
    expect(first.status).toBe(201);
    await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
      id: first.body.id,
      input: { mapping, duplicates: 'SKIP' },
    });
    const done = await waitForEnd(client, first.body.id);
    expect(done).toMatchObject({ status: 'DONE', rowsDone: 4, rowsCreated: 2, rowsFailed: 2, rowsSkipped: 0 });
    const stored = await people(client);
    expect(stored).toEqual([
      expect.objectContaining({ firstName: 'Jürgen', lastName: 'Müller', phones: ['+49 30 123456'], address: { city: 'München', country: 'DE' }, birthday: '1980-12-31', company: { name: 'Bäckerei Süß' } }),
      expect.objectContaining({ firstName: 'Clara', lastName: 'Ölmann', company: { name: 'Bäckerei Süß' } }),
    ]);
    expect(stored[0].tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['Kunde', 'VIP']);
    expect((await client.data(`{ companies(first: 10) { edges { node { name } } } }`)).companies.edges).toHaveLength(1);

    const failures = await fetch(`${app.url}${done.failuresPath}`, { headers: { authorization: `Bearer ${client.token}` } });
    expect(failures.status).toBe(200);
    const lines = (await failures.text()).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('row,reason,Vorname,Nachname,E-Mail-Adresse,Telefon,Firma,Ort,Land,Geburtstag,Schlagworte');
    expect(lines[1]).toBe('3,The last name is missing.,Anna,,anna@example.com,,,,,,');
    expect(lines[2]).toBe('4,"""kein-mail"" is not a valid e-mail address.",Bernd,Schäfer,kein-mail,,,,,,');

    // The same people again: skipped by e-mail; then updated, which adds the new phone and keeps the rest.
    const again = await upload(client, 'First name,Last name,Email,Phone\nJürgen,Müller,JUERGEN@example.com,+49 89 999\n');
    await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
      id: again.body.id,
      input: { mapping: ['FIRST_NAME', 'LAST_NAME', 'EMAIL', 'PHONE'], duplicates: 'SKIP' },
    });
    expect(await waitForEnd(client, again.body.id)).toMatchObject({ status: 'DONE', rowsSkipped: 1, rowsCreated: 0 });
    const update = await upload(client, 'First name,Last name,Email,Phone\nJürgen,Müller,JUERGEN@example.com,+49 89 999\n');
    await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
      id: update.body.id,
      input: { mapping: ['FIRST_NAME', 'LAST_NAME', 'EMAIL', 'PHONE'], duplicates: 'UPDATE' },
    });
    expect(await waitForEnd(client, update.body.id)).toMatchObject({ status: 'DONE', rowsUpdated: 1, rowsCreated: 0 });
    const [jurgen] = await people(client);
    expect(jurgen.phones).toEqual(['+49 30 123456', '+49 89 999']);
    expect(jurgen.emails).toEqual(['juergen@example.com']);
    expect(await people(client)).toHaveLength(2);
  });

  it('stops cleanly at the package\'s contact limit, each row all or nothing, and says how many and why', async () => {
    const { client } = await newOwner(app.url, 'SOLO');
    await sql(`update plan set max_contacts = 3 where code = 'SOLO'`);
    try {
      const rows = ['Last name,Company', 'A,Alpha', 'B,Alpha', 'C,', 'D,', 'E,'];
      const uploaded = await upload(client, rows.join('\n'));
      await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
        id: uploaded.body.id,
        input: { mapping: ['LAST_NAME', 'COMPANY'], duplicates: 'CREATE' },
      });
      const end = await waitForEnd(client, uploaded.body.id);
      expect(end).toMatchObject({ status: 'STOPPED', stopReason: 'CONTACT_LIMIT', contactLimit: 3, rowsCreated: 3, rowsFailed: 2, rowsDone: 5 });
      expect((await people(client)).map((person: { lastName: string }) => person.lastName)).toEqual(['A', 'B', 'C']);
      const { usage } = await client.data(`{ usage { contacts { used } } }`);
      expect(usage.contacts.used).toBe(3);
    } finally {
      await sql(`update plan set max_contacts = 1000 where code = 'SOLO'`);
    }
  });

  it('keeps the limit exact when others add or delete contacts while it runs (the contacts counted again only then)', async () => {
    const { client, auth } = await newOwner(app.url, 'SOLO');
    const schema = (await sql<{ schema_name: string }>(`select schema_name from account where id = $1`, [auth.account.id]))[0]!.schema_name;
    const lastNames = async () => (await people(client)).map((person: { lastName: string }) => person.lastName).sort();
    // Queued as startImport would, without a worker taking it: this test plays the worker, doing something between its batches.
    const queued = async (rows: string[]) => {
      const uploaded = await upload(client, ['Last name', ...rows].join('\n'));
      await sql(`update ${schema}.import_run set status = 'QUEUED', mapping = '["LAST_NAME"]', duplicates = 'CREATE' where id = $1`, [uploaded.body.id]);
      return uploaded.body.id as string;
    };
    const run = async (importId: string, between: Record<number, () => Promise<unknown>>) => {
      let batches = 0;
      const stopping = async () => {
        await between[++batches]?.();
        return false;
      };
      await runImportJob({ orm: app.orm, logger: silentLogger, batchSize: 2, stopping }, { accountId: auth.account.id, importId });
      return (await sql(`select status, rows_created, rows_failed from ${schema}.import_run where id = $1`, [importId]))[0];
    };
    await sql(`update plan set max_contacts = 4 where code = 'SOLO'`);
    try {
      // Someone adds a contact after the first batch: the second batch counts again and stops at 4, not 5.
      const first = await queued(['A', 'B', 'C', 'D', 'E', 'F']);
      expect(await run(first, { 1: () => client.data('mutation { createPerson(input: { lastName: "Colleague" }) { id } }') })).toEqual({
        status: 'STOPPED',
        rows_created: 3,
        rows_failed: 3,
      });
      expect(await lastNames()).toEqual(['A', 'B', 'C', 'Colleague']);

      // Someone deletes two contacts after a batch (which takes no lock): the tally carried is then too high, so at the limit the contacts are counted, and the import goes on to exactly 4.
      const ids = (await client.data('{ people(first: 10) { edges { node { id lastName } } } }')).people.edges.map((edge: any) => edge.node);
      const second = await queued(['G', 'H', 'I', 'J']);
      const deleteTwo = async () => {
        for (const person of ids.filter((p: { lastName: string }) => p.lastName === 'A' || p.lastName === 'Colleague')) {
          await client.data('mutation ($id: ID!) { deletePerson(id: $id) }', { id: person.id });
        }
      };
      await sql(`update plan set max_contacts = 6 where code = 'SOLO'`);
      expect(await run(second, { 1: deleteTwo })).toEqual({ status: 'DONE', rows_created: 4, rows_failed: 0 });
      expect(await lastNames()).toEqual(['B', 'C', 'G', 'H', 'I', 'J']);
      const { usage } = await client.data(`{ usage { contacts { used } } }`);
      expect(usage.contacts.used).toBe(6);
    } finally {
      await sql(`update plan set max_contacts = 1000 where code = 'SOLO'`);
    }
  });

  it('an update that moves a person to another company counts what that does to the contacts (a company left without people counts again)', async () => {
    const { client } = await newOwner(app.url, 'SOLO');
    const x = (await client.data('mutation { createCompany(input: { name: "X" }) { id } }')).createCompany.id;
    await client.data('mutation { createCompany(input: { name: "Y" }) { id } }');
    await client.data('mutation ($c: ID!) { createPerson(input: { lastName: "P", email: "p@example.com", companyId: $c }) { id } }', { c: x });
    // P (X has people, so X does not count) and Y without people: two contacts.
    await sql(`update plan set max_contacts = 2 where code = 'SOLO'`);
    try {
      // To Y: X is left without people (+1), Y has some now (-1): still two. Then to a new company: Y is left alone (+1), three: refused, P stays at Y.
      const uploaded = await upload(client, ['Last name,Email,Company', 'P,p@example.com,Y', 'P,p@example.com,New'].join('\n'));
      await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
        id: uploaded.body.id,
        input: { mapping: ['LAST_NAME', 'EMAIL', 'COMPANY'], duplicates: 'UPDATE' },
      });
      expect(await waitForEnd(client, uploaded.body.id)).toMatchObject({ status: 'STOPPED', stopReason: 'CONTACT_LIMIT', rowsUpdated: 1, rowsFailed: 1 });
      expect((await people(client)).map((person: { company: { name: string } }) => person.company.name)).toEqual(['Y']);
      const { usage, companies } = await client.data(`{ usage { contacts { used } } companies { edges { node { name } } } }`);
      expect(usage.contacts.used).toBe(2);
      expect(companies.edges.map((edge: any) => edge.node.name).sort()).toEqual(['X', 'Y']);
    } finally {
      await sql(`update plan set max_contacts = 1000 where code = 'SOLO'`);
    }
  });

  it('a row the database refuses fails alone: the rows around it are kept, a company only it named is made by the next row naming it, and people are found by their company', async () => {
    const accountName = `Refusals ${Date.now()}`;
    const { client } = await newOwner(app.url, 'TEAM', accountName);
    const [account] = await sql<{ schema_name: string }>(`select schema_name from account where name = $1`, [accountName]);
    // Something only the database knows to refuse (as a constraint added after the preview would be).
    await sql(`alter table "${account!.schema_name}".person add constraint no_refused check (last_name <> 'Refused')`);
    const rows = ['Last name,Company,Tags', 'Refused,Nordwind GmbH,Neu', 'Berg,Nordwind GmbH,Neu', 'Cramer,,'];
    const uploaded = await upload(client, rows.join('\n'));
    await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
      id: uploaded.body.id,
      input: { mapping: ['LAST_NAME', 'COMPANY', 'TAGS'], duplicates: 'CREATE' },
    });
    const end = await waitForEnd(client, uploaded.body.id);
    expect(end).toMatchObject({ status: 'DONE', rowsCreated: 2, rowsFailed: 1, rowsDone: 3 });
    const failures = await fetch(`${app.url}${end.failuresPath}`, { headers: { authorization: `Bearer ${client.token}` } });
    expect((await failures.text()).replace(/^\uFEFF/, '').trim().split('\n')[1]).toMatch(/^2,.*no_refused.*,Refused,Nordwind GmbH,Neu$/);
    expect(await people(client)).toEqual([
      expect.objectContaining({ lastName: 'Berg', company: { name: 'Nordwind GmbH' }, tags: [{ name: 'Neu' }] }),
      expect.objectContaining({ lastName: 'Cramer', company: null, tags: [] }),
    ]);
    const { search } = await client.data(`{ search(query: "Nordwind") { kind title } }`);
    expect(search).toEqual(expect.arrayContaining([{ kind: 'PERSON', title: 'Berg' }, { kind: 'COMPANY', title: 'Nordwind GmbH' }]));
  });

  it('a refused row is forgotten: a later row with the same company name, or the same e-mail, is created, not skipped or "updated" as its duplicate', async () => {
    const accountName = `Refused duplicates ${Date.now()}`;
    const { client } = await newOwner(app.url, 'TEAM', accountName);
    const [account] = await sql<{ schema_name: string }>(`select schema_name from account where name = $1`, [accountName]);
    const schema = `"${account!.schema_name}"`;
    await sql(`alter table ${schema}.company add constraint no_refused check (website is distinct from 'refused.example')`);
    await sql(`alter table ${schema}.person add constraint no_refused check (position is distinct from 'Refused')`);
    const run = async (csv: string, query: string, mapping: string[], duplicates: string) => {
      const uploaded = await upload(client, csv, query);
      await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, { id: uploaded.body.id, input: { mapping, duplicates } });
      return waitForEnd(client, uploaded.body.id);
    };

    const companies = await run('Name,Website\nAcme,refused.example\nAcme,acme.example\n', 'kind=COMPANIES&name=companies.csv', ['NAME', 'WEBSITE'], 'SKIP');
    expect(companies).toMatchObject({ status: 'DONE', rowsCreated: 1, rowsFailed: 1, rowsSkipped: 0 });
    expect((await client.data(`{ companies(first: 10) { edges { node { name website } } } }`)).companies.edges).toEqual([{ node: { name: 'Acme', website: 'acme.example' } }]);

    const people = await run('Last name,Email,Position\nRoth,roth@example.com,Refused\nRoth,roth@example.com,Buyer\n', 'kind=PEOPLE&name=people.csv', ['LAST_NAME', 'EMAIL', 'POSITION'], 'UPDATE');
    expect(people).toMatchObject({ status: 'DONE', rowsCreated: 1, rowsFailed: 1, rowsUpdated: 0 });
    expect((await client.data(`{ people(first: 10) { edges { node { lastName position } } } }`)).people.edges).toEqual([{ node: { lastName: 'Roth', position: 'Buyer' } }]);
  });

  it('keeps the file until the import ends, forgets an upload not started within a day, and the failed rows and undo data when the undo window closes', async () => {
    const accountName = `Retention ${Date.now()}`;
    const { client } = await newOwner(app.url, 'TEAM', accountName);
    const [account] = await sql<{ id: string; schema_name: string }>(`select id, schema_name from account where name = $1`, [accountName]);
    const s = `"${account!.schema_name}"`;
    const count = async (table: string, importId: string) => Number((await sql<{ n: string }>(`select count(*) as n from ${s}.${table} where import_id = $1`, [importId]))[0]!.n);
    const forgetJobs = (importId: string) =>
      sql<{ hours: number }>(`select round(extract(epoch from start_after - now()) / 3600) as hours from pgboss.job where name = 'kontor-import-forget' and data->>'importId' = $1 order by start_after`, [importId]);

    const finished = await upload(client, ['Last name,E-Mail', 'Adler,adler@example.com', 'Bauer,kein-mail'].join('\n'));
    expect(await count('import_chunk', finished.body.id)).toBeGreaterThan(0);
    await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
      id: finished.body.id,
      input: { mapping: ['LAST_NAME', 'EMAIL'], duplicates: 'CREATE' },
    });
    const end = await waitForEnd(client, finished.body.id);
    expect(end).toMatchObject({ status: 'DONE', rowsCreated: 1, rowsFailed: 1 });
    await expect.poll(() => forgetJobs(finished.body.id)).toEqual([{ hours: '24' }, { hours: String(7 * 24) }]);
    expect(await count('import_chunk', finished.body.id)).toBe(0);

    // Within the undo window nothing more goes.
    const data = { accountId: account!.id, importId: finished.body.id };
    expect(await forgetImport(app.orm, data)).toBe('NOTHING_DUE');
    const report = () => fetch(`${app.url}${end.failuresPath}`, { headers: { authorization: `Bearer ${client.token}` } });
    expect((await report()).status).toBe(200);
    expect(await count('import_failure', finished.body.id)).toBe(1);
    expect(await count('import_change', finished.body.id)).toBe(1);

    await sql(`update ${s}.import_run set finished_at = now() - interval '7 days 1 minute' where id = $1`, [finished.body.id]);
    expect(await forgetImport(app.orm, data)).toBe('DETAILS_DELETED');
    expect([await count('import_failure', finished.body.id), await count('import_change', finished.body.id)]).toEqual([0, 0]);
    const gone = await report();
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ errors: [{ message: 'The failed rows of an import are kept for 7 days after it finished.' }] });
    expect((await client.data(`query ($id: ID!) { importRun(id: $id) { rowsCreated rowsFailed } }`, { id: finished.body.id })).importRun).toEqual({ rowsCreated: 1, rowsFailed: 1 });

    const abandoned = await upload(client, ['Last name', 'Cramer'].join('\n'));
    const abandonedData = { accountId: account!.id, importId: abandoned.body.id };
    expect(await forgetImport(app.orm, abandonedData)).toBe('NOTHING_DUE');
    await sql(`update ${s}.import_run set created_at = now() - interval '25 hours' where id = $1`, [abandoned.body.id]);
    expect(await forgetImport(app.orm, abandonedData)).toBe('UPLOAD_DELETED');
    expect(await count('import_chunk', abandoned.body.id)).toBe(0);
    expect((await client.data(`query ($id: ID!) { importRun(id: $id) { id } }`, { id: abandoned.body.id })).importRun).toBeNull();
  });

  it('goes on where it stopped when the job is interrupted (a restart), without importing a row twice', async () => {
    const { client, auth } = await newOwner(app.url);
    const rows = ['Last name,Email', ...Array.from({ length: 7 }, (_, i) => `Person${i},p${i}@example.com`)];
    const uploaded = await upload(client, rows.join('\n'));
    const schema = (await sql<{ schema_name: string }>(`select schema_name from account where id = $1`, [auth.account.id]))[0]!.schema_name;
    // Queued as startImport would, without a worker taking it: this test plays the worker.
    await sql(`update ${schema}.import_run set status = 'QUEUED', mapping = '["LAST_NAME","EMAIL"]', duplicates = 'CREATE' where id = $1`, [uploaded.body.id]);
    const data = { accountId: auth.account.id, importId: uploaded.body.id };
    await expect(runImportJob({ orm: app.orm, logger: silentLogger, batchSize: 3, stopping: () => true }, data)).rejects.toBeInstanceOf(ImportInterrupted);
    expect((await sql(`select rows_done from ${schema}.import_run where id = $1`, [uploaded.body.id]))[0]).toEqual({ rows_done: 3 });
    await runImportJob({ orm: app.orm, logger: silentLogger, batchSize: 3 }, data);
    const [run] = await sql(`select status, rows_done, rows_created from ${schema}.import_run where id = $1`, [uploaded.body.id]);
    expect(run).toEqual({ status: 'DONE', rows_done: 7, rows_created: 7 });
    expect((await people(client)).map((person: { lastName: string }) => person.lastName).sort()).toEqual(rows.slice(1).map((row) => row.split(',')[0]).sort());
  });

  it('needs the records.import right: owners and co-owners', async () => {
    const owner = await newOwner(app.url);
    const extended = await addMember(owner.client, 'EXTENDED');
    const refused = await upload(extended.client, 'Last name\nA\n');
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    expect((await upload(coOwner.client, 'Last name\nA\n')).status).toBe(201);
    expect((await fetch(`${app.url}/imports`, { method: 'POST', body: 'Last name\nA\n' })).status).toBe(401);
  });

  it('is undone within 7 days: what it created is removed, what it updated restored, and records changed since are kept and named', async () => {
    const { client } = await newOwner(app.url);
    await client.data(`mutation { createPerson(input: { firstName: "Berta", lastName: "Bestand", email: "best@example.com" }) { id } }`);
    const uploaded = await upload(client, 'Vorname,Nachname,E-Mail,Telefon,Firma,Tags\nNina,Neu,new1@example.com,,NeuFirma,\nOtto,Neu,new2@example.com,,,\nBerta,Bestand,best@example.com,+49 1,,Messe\n');
    await client.data(`mutation ($id: ID!, $input: StartImportInput!) { startImport(id: $id, input: $input) { status } }`, {
      id: uploaded.body.id,
      input: { mapping: ['FIRST_NAME', 'LAST_NAME', 'EMAIL', 'PHONE', 'COMPANY', 'TAGS'], duplicates: 'UPDATE' },
    });
    expect(await waitForEnd(client, uploaded.body.id)).toMatchObject({ status: 'DONE', rowsCreated: 2, rowsUpdated: 1 });
    const byName = async () =>
      Object.fromEntries(
        (await client.data(`{ people(first: 10) { edges { node { id firstName phones position tags { name } } } } }`)).people.edges.map((edge: { node: { firstName: string } }) => [edge.node.firstName, edge.node]),
      );
    const otto = (await byName()).Otto;
    expect((await byName()).Berta).toMatchObject({ phones: ['+49 1'], tags: [{ name: 'Messe' }] });
    await client.data(`mutation ($id: ID!) { updatePerson(id: $id, input: { position: "CEO" }) { id } }`, { id: otto.id });

    const undo = `mutation ($id: ID!) { undoImport(id: $id) { deleted restored keptChanged run { status } } }`;
    const { undoImport } = await client.data(undo, { id: uploaded.body.id });
    expect(undoImport).toEqual({ deleted: 2, restored: 1, keptChanged: [otto.id], run: { status: 'UNDONE' } });
    const after = await byName();
    expect(Object.keys(after).sort()).toEqual(['Berta', 'Otto']);
    expect(after.Berta).toMatchObject({ phones: [], tags: [] });
    expect(after.Otto.position).toBe('CEO');
    expect((await client.data(`{ companies(first: 10) { edges { node { name } } } }`)).companies.edges).toEqual([]);
    const again = await client.request(undo, { id: uploaded.body.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
