import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, KontorApiError, type KontorClient } from '../src/index.js';
import { startSdkTestServer, type SdkTestServer } from './test-server.js';

const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let server: SdkTestServer;
let kontor: KontorClient;

beforeAll(async () => {
  server = await startSdkTestServer();
  kontor = createClient({ url: server.url, apiKey: (await server.newAccount()).apiKey });
});
afterAll(async () => {
  await server?.stop();
});

async function errorOf(promise: Promise<unknown>): Promise<KontorApiError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(KontorApiError);
  return error as KontorApiError;
}

describe('the SDK client', () => {
  it('creates, reads, updates and deletes people, companies and deals', async () => {
    const company = await kontor.companies.create({ name: 'Initech', website: 'https://initech.example' });
    const person = await kontor.people.create({ firstName: 'Peter', lastName: 'Gibbons', email: 'peter@initech.example', companyId: company.id });
    expect(person).toMatchObject({ firstName: 'Peter', lastName: 'Gibbons', emails: ['peter@initech.example'], company: { id: company.id, name: 'Initech' } });
    expect(await kontor.people.get(person.id)).toMatchObject({ id: person.id, lastName: 'Gibbons' });
    expect(await kontor.people.update(person.id, { position: 'Programmer' })).toMatchObject({ position: 'Programmer' });

    const deal = await kontor.deals.create({ title: 'TPS reports', companyId: company.id, personIds: [person.id], value: { amountCents: 120000, currency: 'EUR' } });
    expect(deal).toMatchObject({ title: 'TPS reports', value: { amountCents: 120000, currency: 'EUR' }, company: { id: company.id } });
    expect((await kontor.deals.update(deal.id, { probability: 50 })).probability).toBe(50);
    expect(await kontor.companies.update(company.id, { website: 'https://initrode.example' })).toMatchObject({ website: 'https://initrode.example' });

    expect(await kontor.deals.delete(deal.id)).toBe(deal.id);
    expect(await kontor.people.delete(person.id)).toBe(person.id);
    expect(await kontor.companies.delete(company.id)).toBe(company.id);
    expect(await kontor.people.get(person.id)).toBeNull();
    expect(await kontor.deals.get(deal.id)).toBeNull();
    expect(await kontor.companies.get(company.id)).toBeNull();
  });

  it('creates, reads, updates and deletes tasks and notes', async () => {
    const person = await kontor.people.create({ firstName: 'Milton', lastName: 'Waddams' });
    const task = await kontor.tasks.create({ title: 'Find the stapler', personId: person.id, dueDate: '2030-01-15' });
    expect(task).toMatchObject({ title: 'Find the stapler', done: false, dueDate: '2030-01-15', person: { id: person.id } });
    expect(await kontor.tasks.update(task.id, { done: true })).toMatchObject({ done: true });
    const done = [];
    for await (const each of kontor.tasks.all({ filter: { done: true, personId: person.id } })) done.push(each.id);
    expect(done).toEqual([task.id]);
    expect(await kontor.tasks.delete(task.id)).toBe(task.id);
    expect(await kontor.tasks.get(task.id)).toBeNull();

    const note = await kontor.notes.create({ body: 'Prefers the red one.', personId: person.id });
    expect(note).toMatchObject({ body: 'Prefers the red one.', confidential: false, person: { id: person.id } });
    expect((await kontor.notes.update(note.id, { body: 'Really prefers the red one.' })).body).toBe('Really prefers the red one.');
    expect((await kontor.notes.list({ filter: { personId: person.id } })).totalCount).toBe(1);
    expect(await kontor.notes.delete(note.id)).toBe(note.id);
    expect(await kontor.notes.get(note.id)).toBeNull();
  });

  it('walks every page with an async iterator', async () => {
    const own = createClient({ url: `${server.url}/graphql`, apiKey: (await server.newAccount()).apiKey });
    for (let i = 0; i < 7; i++) await own.people.create({ lastName: `Pager ${String(i).padStart(2, '0')}` });
    await own.people.create({ lastName: 'Somebody else' });
    const names: string[] = [];
    for await (const person of own.people.all({ filter: { text: 'Pager' }, orderBy: 'NAME_ASC', pageSize: 3 })) names.push(person.lastName);
    expect(names).toEqual(['Pager 00', 'Pager 01', 'Pager 02', 'Pager 03', 'Pager 04', 'Pager 05', 'Pager 06']);
    const page = await own.people.list({ first: 2, filter: { text: 'Pager' } });
    expect(page.totalCount).toBe(7);
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('searches the account', async () => {
    await kontor.companies.create({ name: 'Zyxwv Holdings' });
    const hits = await kontor.search('zyxw');
    expect(hits.map((hit) => [hit.kind, hit.title])).toEqual([['COMPANY', 'Zyxwv Holdings']]);
  });

  it('exports a list as a file, filtered and with the columns chosen', async () => {
    await kontor.companies.create({ name: 'Exportable GmbH' });
    expect((await kontor.exports.columns('COMPANIES', 'de'))[0]).toEqual({ key: 'name', label: 'Firma' });
    const { fileName, response } = await kontor.exports.download({ list: 'COMPANIES', format: 'CSV', columns: ['name'], companiesFilter: { text: 'Exportable' } });
    expect(fileName).toMatch(/^companies-.*\.csv$/);
    // text() drops the byte order mark the file starts with (for spreadsheet programs).
    expect(await response.text()).toBe('Company\nExportable GmbH\n');
    const refused = await errorOf(kontor.exports.download({ list: 'COMPANIES', format: 'VCARD' }));
    expect(refused.code).toBe('BAD_USER_INPUT');
  });

  it('throws KontorApiError with the API error code', async () => {
    const bad = await errorOf(kontor.people.create({ lastName: 'X', email: 'not-an-address' }));
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.extensions.field).toBe('email');

    const wrongKey = createClient({ url: server.url, apiKey: 'kontor_live_aaaaaaaaaaaa_' + 'A'.repeat(43) });
    expect((await errorOf(wrongKey.people.list())).code).toBe('UNAUTHENTICATED');

    const normal = createClient({ url: server.url, apiKey: (await server.newAccount('NORMAL')).apiKey });
    const person = await normal.people.create({ lastName: 'Keeps' });
    const forbidden = await errorOf(normal.people.delete(person.id));
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(await normal.people.get(person.id)).not.toBeNull();

    const nowhere = createClient({ url: 'http://127.0.0.1:9', apiKey: 'x' });
    expect((await errorOf(nowhere.people.list())).code).toBe('NETWORK_ERROR');
  });

  it('reads the errors of an operation GraphQL refuses before running it, which answers HTTP 200 to its application/json', async () => {
    // A script without type checks passing a string where the schema wants an Int: the variable cannot be coerced.
    const refused = await errorOf(kontor.people.list({ first: 'ten' } as never));
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toContain('$first');
    expect(refused.status).toBe(200);
  });

  it('works with a signed-in user\'s access token instead of a key', async () => {
    const { accessToken } = await server.newAccount();
    const asUser = createClient({ url: server.url, accessToken: () => accessToken });
    expect((await asUser.people.list()).totalCount).toBe(0);
  });

  it('runs the example script, which lists and creates people', async () => {
    const { apiKey } = await server.newAccount();
    const example = createClient({ url: server.url, apiKey });
    await example.people.create({ firstName: 'Grace', lastName: 'Hopper' });
    const { stdout } = await promisify(execFile)(process.execPath, ['examples/list-and-create-people.mjs'], {
      cwd: sdkDir,
      env: { ...process.env, KONTOR_URL: server.url, KONTOR_API_KEY: apiKey },
    });
    expect(stdout).toContain('Grace Hopper');
    expect(stdout).toContain('1 people');
    expect(stdout).toMatch(/created Ada Lovelace: [0-9a-f-]{36}/);
    expect((await example.people.list({ filter: { text: 'Lovelace' } })).totalCount).toBe(1);
  });
});
