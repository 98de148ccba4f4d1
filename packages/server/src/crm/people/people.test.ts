import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCountingLogger } from '../../testing/query-counter.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { signUpNew, TestClient } from '../../testing/test-client.js';
import { accountSchemaName } from '../../db/account-schema.js';
import { withClient } from '../../testing/test-database.js';

const counter = queryCountingLogger();
let app: TestApp;
let owner: TestClient;

beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug' }, logger: counter.logger });
  owner = new TestClient(app.url);
  await signUpNew(owner, { planCode: 'TEAM' });
});
afterAll(async () => {
  await app.stop();
});

const personFields = 'id firstName lastName emails phones position birthday company { id name } tags { id name } responsibleUser { id name } address { city country }';

describe('people', () => {
  it('are created, read, updated and deleted', async () => {
    const { createCompany } = await owner.data('mutation { createCompany(input: { name: "Globex" }) { id } }');
    const { createPerson } = await owner.data(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { ${personFields} } }`,
      { input: { firstName: 'Anna', lastName: 'Müller', email: 'anna@globex.example', companyId: createCompany.id, phones: ['+49 170 1234567'], birthday: '1990-04-01', address: { city: 'Berlin', country: 'de' } } },
    );
    expect(createPerson).toMatchObject({
      firstName: 'Anna',
      lastName: 'Müller',
      emails: ['anna@globex.example'],
      birthday: '1990-04-01',
      company: { id: createCompany.id, name: 'Globex' },
      address: { city: 'Berlin', country: 'DE' },
      tags: [],
      responsibleUser: { id: expect.any(String) },
    });

    const { updatePerson } = await owner.data(`mutation($id: ID!) { updatePerson(id: $id, input: { position: "CTO", companyId: null }) { position company { id } } }`, { id: createPerson.id });
    expect(updatePerson).toEqual({ position: 'CTO', company: null });

    const { person } = await owner.data(`query($id: ID!) { person(id: $id) { lastName timeline { kind changedFields } } }`, { id: createPerson.id });
    expect(person.timeline).toEqual([
      { kind: 'CHANGED', changedFields: ['position', 'companyId'] },
      { kind: 'CREATED', changedFields: [] },
    ]);

    expect((await owner.data(`mutation($id: ID!) { deletePerson(id: $id) }`, { id: createPerson.id })).deletePerson).toBe(createPerson.id);
    expect((await owner.data(`query($id: ID!) { person(id: $id) { id } }`, { id: createPerson.id })).person).toBeNull();
  });

  it('refuse bad input with the field named, creating nothing', async () => {
    const before = (await owner.data('{ people { totalCount } }')).people.totalCount;
    for (const [input, field] of [
      [{ lastName: '' }, 'lastName'],
      [{ lastName: 'X', email: 'nope' }, 'email'],
      [{ lastName: 'X', birthday: '1990-02-30' }, 'birthday'],
      [{ lastName: 'X', companyId: '00000000-0000-4000-8000-000000000099' }, 'companyId'],
      [{ lastName: 'X', responsibleUserId: '00000000-0000-4000-8000-000000000099' }, 'responsibleUserId'],
      [{ lastName: 'X', tagIds: ['00000000-0000-4000-8000-000000000099'] }, 'tagIds'],
      [{ lastName: 'X', tagIds: ['not a tag'] }, 'tagIds'],
      [{ lastName: 'X', companyId: 'not a company', tagIds: ['not a tag'] }, 'companyId'],
    ] as const) {
      const result = await owner.request(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, { input });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await owner.data('{ people { totalCount } }')).people.totalCount).toBe(before);
  });

  it('page through a list with cursors, in a stable order, with the total', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    for (const name of ['Zimmer', 'Adler', 'Maier', 'Becker', 'Koch']) {
      await client.data(`mutation { createPerson(input: { lastName: "${name}" }) { id } }`);
    }
    const page = (after?: string) =>
      client.data(`query($after: String) { people(first: 2, after: $after) { edges { node { lastName } cursor } pageInfo { hasNextPage endCursor } totalCount } }`, { after });
    const names: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { people } = await page(after);
      expect(people.totalCount).toBe(5);
      names.push(...people.edges.map((e: { node: { lastName: string } }) => e.node.lastName));
      if (!people.pageInfo.hasNextPage) break;
      after = people.pageInfo.endCursor;
    }
    expect(names).toEqual(['Adler', 'Becker', 'Koch', 'Maier', 'Zimmer']);
    const desc = await client.data('{ people(orderBy: NAME_DESC, first: 1) { edges { node { lastName } } } }');
    expect(desc.people.edges[0].node.lastName).toBe('Zimmer');
  });

  it("give each page the Relay spec's page info: the cursors of its first and last items, and no earlier page announced", async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    for (const name of ['Adler', 'Becker', 'Koch']) await client.data(`mutation { createPerson(input: { lastName: "${name}" }) { id } }`);
    const page = async (after?: string) =>
      (await client.data(`query($after: String) { people(first: 2, after: $after) { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, { after }))
        .people;

    const first = await page();
    expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0].cursor, endCursor: first.edges[1].cursor });
    const second = await page(first.pageInfo.endCursor);
    expect(second.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: second.edges[0].cursor, endCursor: second.edges[0].cursor });
    expect(second.pageInfo.startCursor).not.toBe(first.pageInfo.startCursor);
    const empty = await page(second.pageInfo.endCursor);
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  it('refuse a page larger than 100 and a forged cursor', async () => {
    expect((await owner.request('{ people(first: 101) { totalCount } }')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await owner.request('{ people(after: "bm90IGEgY3Vyc29y") { totalCount } }')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('filter by text prefix, tag and company', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    const { createTag } = await client.data('mutation { createTag(input: { name: "VIP" }) { id } }');
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Initech" }) { id } }');
    await client.data(`mutation($t: ID!, $c: ID!) { createPerson(input: { firstName: "Peter", lastName: "Gibbons", companyId: $c, tagIds: [$t] }) { id } }`, { t: createTag.id, c: createCompany.id });
    await client.data('mutation { createPerson(input: { firstName: "Petra", lastName: "Schulz", email: "petra@schulz.example" }) { id } }');
    const names = async (filter: Record<string, unknown>) =>
      (await client.data(`query($f: PersonFilter) { people(filter: $f) { edges { node { firstName } } } }`, { f: filter })).people.edges.map(
        (e: { node: { firstName: string } }) => e.node.firstName,
      );
    expect(await names({ text: 'pet' })).toEqual(['Peter', 'Petra']);
    expect(await names({ text: 'PETRA@SCH' })).toEqual(['Petra']);
    expect(await names({ text: 'initech' })).toEqual(['Peter']);
    expect(await names({ tagId: createTag.id })).toEqual(['Peter']);
    expect(await names({ companyId: createCompany.id })).toEqual(['Peter']);
  });

  it('load a page of 100 people with their companies and tags in a constant number of queries', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client, { planCode: 'BUSINESS' });
    const tags = [];
    for (const name of ['a', 'b', 'c']) tags.push((await client.data(`mutation { createTag(input: { name: "${name}" }) { id } }`)).createTag.id);
    const companies = [];
    for (let i = 0; i < 10; i++) companies.push((await client.data(`mutation { createCompany(input: { name: "Co ${i}" }) { id } }`)).createCompany.id);
    for (let i = 0; i < 100; i++) {
      await client.data(`mutation($c: ID!, $t: [ID!]) { createPerson(input: { lastName: "P${i}", companyId: $c, tagIds: $t }) { id } }`, {
        c: companies[i % 10],
        t: [tags[i % 3]],
      });
    }
    const { result, roundTrips } = await counter.count(() =>
      client.data('{ people(first: 100) { totalCount edges { node { lastName company { name } tags { name } responsibleUser { name } } } } }'),
    );
    expect(result.people.edges).toHaveLength(100);
    expect(result.people.edges.every((e: { node: { company: unknown; tags: unknown[] } }) => e.node.company && e.node.tags.length === 1)).toBe(true);
    // people, count, companies, tags, users — however many rows; the caller check travels with the first of them.
    expect(roundTrips).toHaveLength(5);
  });

  it('reads a page of people in one round trip: the caller check (the statement the connection prepared), the account settings and the page travel together', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client, { planCode: 'BUSINESS' });
    await client.data('mutation { createPerson(input: { lastName: "Solo" }) { id } }');
    const { result, roundTrips } = await counter.count(() => client.data('{ people(first: 50) { edges { node { lastName } } } }'));
    expect(result.people.edges.map((e: { node: { lastName: string } }) => e.node.lastName)).toEqual(['Solo']);
    expect(roundTrips).toHaveLength(1);
    // The page itself is a statement the connection keeps prepared (db/prepared-pages.test.ts): shown as it ran.
    expect(counter.asRun(roundTrips[0]!)).toMatch(/^EXECUTE kontor_check_caller_plan\('[0-9a-f-]{36}', '[0-9a-f-]{36}', '[0-9a-f-]{36}'\);\nSET LOCAL transaction_read_only = on;\nSET LOCAL ROLE "acct_[0-9a-f]{32}";\nSET LOCAL search_path TO "acct_[0-9a-f]{32}";\nselect t\."id", t\."last_name" from person t /);
  });

  it('creates a person in two round trips on its connection: the caller check, settings, package-import guard and savepoint, then its statements; the package limit read beside them', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client, { planCode: 'BUSINESS' });
    await client.data('mutation { createPerson(input: { lastName: "Warm" }) { id } }');
    const { result, roundTrips } = await counter.count(() =>
      client.data('mutation { createPerson(input: { firstName: "New", lastName: "Created", emails: ["new@example.com"] }) { firstName lastName emails } }'),
    );
    expect(result.createPerson).toEqual({ firstName: 'New', lastName: 'Created', emails: ['new@example.com'] });
    expect(roundTrips[0]).toMatch(
      /^BEGIN;\nEXECUTE kontor_check_caller_plan\('[0-9a-f-]{36}', '[0-9a-f-]{36}', '[0-9a-f-]{36}'\);\nSET LOCAL ROLE "acct_[0-9a-f]{32}";\nSET LOCAL search_path TO "acct_[0-9a-f]{32}";\nselect pg_try_advisory_xact_lock_shared\(.*\) as free, exists \(select 1 from account_package_import .*\) as importing;\nsavepoint kontor_mutation$/,
    );
    expect(roundTrips.filter((sql) => sql.includes('kontor_check_caller') || sql.includes('account_package_import'))).toHaveLength(1);
    const others = roundTrips.slice(1).sort();
    // The contact lock, the insert (with the timeline entry and the webhook deliveries) and the count travel together.
    // The savepoint is not released (COMMIT does that): no round trip of its own.
    expect(others).toEqual([
      'COMMIT;',
      expect.stringMatching(/^select name, max_contacts from plan /),
      expect.stringMatching(/^with locked as .*contact_change.*;\nwith inserted as \(insert into person .*insert into activity .*insert into webhook_delivery .*;\nselect \(select count\(\*\) from person\)/s),
    ]);
  });

  it("replaces a person's tags in two statements however many tags, and an unknown tag changes nothing", async () => {
    const client = new TestClient(app.url);
    await signUpNew(client, { planCode: 'BUSINESS' });
    const tags: string[] = [];
    for (const name of ['one', 'two', 'three']) tags.push((await client.data(`mutation { createTag(input: { name: "${name}" }) { id } }`)).createTag.id);
    const { createPerson } = await client.data('mutation($t: [ID!]) { createPerson(input: { lastName: "Tagged", tagIds: $t }) { id } }', { t: [tags[0]] });
    const update = (tagIds: string[]) => client.request('mutation($id: ID!, $t: [ID!]) { updatePerson(id: $id, input: { tagIds: $t }) { id } }', { id: createPerson.id, t: tagIds });
    const { roundTrips } = await counter.count(() => update(tags));
    expect(roundTrips.filter((sql) => /\btag\b|person_tag/.test(sql))).toEqual([
      expect.stringMatching(/^delete from person_tag /),
      expect.stringMatching(/^insert into person_tag .* from tag where id = any/),
    ]);
    const tagsOf = async () => (await client.data('query($id: ID!) { person(id: $id) { tags { name } } }', { id: createPerson.id })).person.tags.map((tag: { name: string }) => tag.name).sort();
    expect(await tagsOf()).toEqual(['one', 'three', 'two']);
    const refused = await update([tags[0]!, '00000000-0000-4000-8000-00000000dead']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tagIds' });
    expect(await tagsOf()).toEqual(['one', 'three', 'two']);
  });

  it('creates a person with everything that comes with one: company name for search, tags, timeline, webhook delivery, contact counter', async () => {
    const client = new TestClient(app.url);
    const { auth } = await signUpNew(client, { planCode: 'BUSINESS' });
    const schema = accountSchemaName(auth.account.id);
    const sql = (text: string, params: unknown[] = []) => withClient(app.database.url, async (db) => (await db.query(text, params)).rows);
    await sql(`insert into ${schema}.webhook (id, url, events, secret) values (gen_random_uuid(), 'https://example.com/hook', '{person.created}', 'secret')`);
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Initech" }) { id } }');
    const tags = [];
    for (const name of ['a', 'b']) tags.push((await client.data(`mutation { createTag(input: { name: "${name}" }) { id } }`)).createTag.id);
    const [{ changes: before }] = await sql(`select changes from ${schema}.contact_change`);

    const { createPerson: person } = await client.data(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id firstName lastName emails phones position birthday importantDates { label date }
        address { street postalCode city country } company { name } tags { id } responsibleUser { id } createdBy { id } createdAt updatedAt } }`,
      {
        input: {
          firstName: 'Peter', lastName: 'Gibbons', email: 'peter@initech.example', emails: ['p@home.example'], phones: ['+1 555 0100'], position: 'Engineer',
          birthday: '1970-01-02', importantDates: [{ label: 'Hired', date: '1996-02-19' }], address: { street: 'Main St 1', postalCode: '75001', city: 'Austin', country: 'us' },
          companyId: createCompany.id, tagIds: [tags[0], tags[1], tags[0]], responsibleUserId: auth.user.id,
        },
      },
    );
    expect(person).toMatchObject({
      firstName: 'Peter', lastName: 'Gibbons', emails: ['peter@initech.example', 'p@home.example'], phones: ['+1 555 0100'], position: 'Engineer', birthday: '1970-01-02',
      importantDates: [{ label: 'Hired', date: '1996-02-19' }], address: { street: 'Main St 1', postalCode: '75001', city: 'Austin', country: 'US' },
      company: { name: 'Initech' }, responsibleUser: { id: auth.user.id }, createdBy: { id: auth.user.id },
    });
    expect(person.tags.map((tag: { id: string }) => tag.id).sort()).toEqual([...tags].sort());

    // Read back as stored, the same as answered.
    const { person: read } = await client.data(`query($id: ID!) { person(id: $id) { lastName createdAt updatedAt company { name } tags { id } timeline { kind } } }`, { id: person.id });
    expect(read).toMatchObject({ lastName: 'Gibbons', createdAt: person.createdAt, updatedAt: person.updatedAt, company: { name: 'Initech' }, timeline: [{ kind: 'CREATED' }] });
    expect(read.tags).toHaveLength(2);
    // Found by its company's name (the search columns).
    const found = await client.data('{ people(filter: { text: "initech" }) { edges { node { id } } } }');
    expect(found.people.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([person.id]);
    expect((await client.data('{ search(query: "gibbons") { id } }')).search.map((hit: { id: string }) => hit.id)).toContain(person.id);

    const [{ changes: after }] = await sql(`select changes from ${schema}.contact_change`);
    expect(Number(after)).toBe(Number(before) + 1);
    const [activity] = await sql(`select kind, actor_user_id, details from ${schema}.activity where subject_type = 'PERSON' and subject_id = $1`, [person.id]);
    expect(activity).toEqual({ kind: 'CREATED', actor_user_id: auth.user.id, details: {} });
    const deliveries = await sql(`select event, payload from ${schema}.webhook_delivery where event = 'person.created'`);
    expect(deliveries).toEqual([
      {
        event: 'person.created',
        payload: {
          record: {
            id: person.id, createdBy: auth.user.id, createdAt: person.createdAt, updatedAt: person.updatedAt, street: 'Main St 1', postalCode: '75001', city: 'Austin', country: 'US',
            firstName: 'Peter', lastName: 'Gibbons', emails: ['peter@initech.example', 'p@home.example'], phones: ['+1 555 0100'], position: 'Engineer', companyId: createCompany.id,
            birthday: '1970-01-02', importantDates: [{ label: 'Hired', date: '1996-02-19' }], responsibleUserId: auth.user.id, customFields: [],
          },
        },
      },
    ]);
  });
});

describe('a page of people', () => {
  it('carries every field of a person, timestamps included', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    await client.data('mutation { createPerson(input: { lastName: "Stamp", birthday: "1980-12-24" }) { id } }');
    const { people } = await client.data('{ people { edges { node { lastName birthday createdAt updatedAt } } } }');
    const [{ node }] = people.edges;
    expect(node).toMatchObject({ lastName: 'Stamp', birthday: '1980-12-24' });
    expect(Math.abs(Date.parse(node.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(node.updatedAt)).toBeGreaterThanOrEqual(Date.parse(node.createdAt));
  });
});
