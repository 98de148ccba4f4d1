import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCountingLogger } from '../../testing/query-counter.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { signUpNew, TestClient } from '../../testing/test-client.js';

/** Reads take only the columns their query selects (selection.ts), and every field still answers as the record was stored. */
const counter = queryCountingLogger();
let app: TestApp;
let client: TestClient;
let personId: string;

const everyField = `id firstName lastName emails phones position birthday createdAt updatedAt importantDates { label date }
  address { street postalCode city country } company { id name website } tags { id name color }
  responsibleUser { id name } createdBy { id name } tasks { id title dueDate } notes { id body } timeline { kind }`;

beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug' }, logger: counter.logger });
  client = new TestClient(app.url);
  await signUpNew(client, { planCode: 'BUSINESS' });
  const { createCompany } = await client.data('mutation { createCompany(input: { name: "Globex", website: "https://globex.example" }) { id } }');
  const { createTag } = await client.data('mutation { createTag(input: { name: "vip" }) { id } }');
  const { createPerson } = await client.data('mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }', {
    i: {
      firstName: 'Anna',
      lastName: 'Müller',
      emails: ['anna@globex.example'],
      phones: ['+49 170 1234567'],
      position: 'CTO',
      birthday: '1990-04-01',
      importantDates: [{ label: 'Joined', date: '2020-01-02' }],
      address: { street: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'de' },
      companyId: createCompany.id,
      tagIds: [createTag.id],
    },
  });
  personId = createPerson.id;
  await client.data('mutation($p: ID!) { createTask(input: { title: "Call", personId: $p, dueDate: "2027-01-05" }) { id } }', { p: personId });
  await client.data('mutation($p: ID!) { createNote(input: { body: "Met at the fair", personId: $p }) { id } }', { p: personId });
  for (const lastName of ['Zeta', 'Zulu']) await client.data('mutation($l: String!) { createPerson(input: { lastName: $l }) { id } }', { l: lastName });
});
afterAll(async () => {
  await app.stop();
});

/** The statements of the round trips as they ran (a prepared one's text with its values), the caller check and the transaction settings left out. */
function statements(roundTrips: string[]): string[] {
  return roundTrips.flatMap((trip) => counter.asRun(trip).split(';\n')).filter((sql) => !/^(SELECT \* FROM kontor_check_caller|EXECUTE kontor_check_caller_plan|SET LOCAL|COMMIT|ROLLBACK)/.test(sql));
}

describe('a list page', () => {
  it('reads only the columns its nodes need: no search vector, no address, no cursor expressions', async () => {
    const { result, roundTrips } = await counter.count(() => client.data('{ people(first: 50) { edges { node { lastName } } } }'));
    expect(result.people.edges.map((e: { node: { lastName: string } }) => e.node.lastName)).toEqual(['Müller', 'Zeta', 'Zulu']);
    expect(statements(roundTrips)).toEqual([
      `select t."id", t."last_name" from person t where true order by lower(t.last_name) asc, lower(t.first_name) asc, t.id asc limit 50`,
    ]);
  });

  it('reads the sort keys as cursors, and one row more, only when cursors or pageInfo are selected; they page on', async () => {
    const { result, roundTrips } = await counter.count(() =>
      client.data('{ people(first: 2) { edges { cursor node { firstName } } pageInfo { hasNextPage endCursor } } }'),
    );
    const [sql] = statements(roundTrips);
    expect(sql).toMatch(/^select t\."id", t\."first_name", \(lower\(t\.last_name\)\)::text as "__cursor0", .* limit 3$/);
    expect(sql).not.toContain('search_vector');
    expect(result.people.pageInfo).toEqual({ hasNextPage: true, endCursor: result.people.edges[1].cursor });
    const next = await client.data('query($a: String) { people(first: 2, after: $a) { edges { node { lastName } } pageInfo { hasNextPage } } }', {
      a: result.people.pageInfo.endCursor,
    });
    expect(next.people).toEqual({ edges: [{ node: { lastName: 'Zulu' } }], pageInfo: { hasNextPage: false } });
  });
});

describe('every field of a person', () => {
  it('answers the same through a list, person(id), a task and a note as the ORM stored it', async () => {
    // The mutation answers from the entity the ORM wrote: all of its columns.
    const { updatePerson: stored } = await client.data(`mutation($id: ID!) { updatePerson(id: $id, input: {}) { ${everyField} } }`, { id: personId });
    expect(stored).toMatchObject({ firstName: 'Anna', position: 'CTO', birthday: '1990-04-01', address: { city: 'Berlin', country: 'DE' }, company: { name: 'Globex' } });
    expect(stored.tags).toHaveLength(1);
    expect(stored.tasks).toHaveLength(1);
    expect(stored.notes).toHaveLength(1);
    const { person } = await client.data(`query($id: ID!) { person(id: $id) { ${everyField} } }`, { id: personId });
    const { people } = await client.data(`{ people(first: 1) { edges { node { ${everyField} } } } }`);
    const { tasks } = await client.data(`{ tasks(first: 1) { edges { node { person { ${everyField} } } } } }`);
    const { notes } = await client.data(`{ notes(first: 1) { edges { node { person { ${everyField} } } } } }`);
    for (const read of [person, people.edges[0].node, tasks.edges[0].node.person, notes.edges[0].node.person]) expect(read).toEqual(stored);
  });

  it('is read for a record page with the columns its fields need and no entity manager', async () => {
    const query = `query($id: ID!) { person(id: $id) { firstName address { city } company { name } tags { name } tasks { title } notes { body } } }`;
    const { result, roundTrips, queries } = await counter.count(() => client.data(query, { id: personId }));
    expect(result.person).toEqual({
      firstName: 'Anna',
      address: { city: 'Berlin' },
      company: { name: 'Globex' },
      tags: [{ name: 'vip' }],
      tasks: [{ title: 'Call' }],
      notes: [{ body: 'Met at the fair' }],
    });
    expect(queries).toEqual([]);
    const sql = statements(roundTrips).join('\n');
    expect(sql).toContain(`select t."id", t."first_name", t."street", t."postal_code", t."city", t."country", t."company_id" from person t where t.id = `);
    expect(sql).toContain(`select t."id", t."name" from company t where id = any(`);
    expect(sql).toContain(`o.person_id as "__owner", t."id", t."name" from person_tag o`);
    expect(sql).toContain(`select t."id", t."title", t."person_id", row_number()`);
    expect(sql).toContain(`select t."id", t."body", t."person_id", row_number()`);
    expect(sql).not.toContain('t.*');
    expect(sql).not.toContain('search_vector');
  });

  it('is null for an ID of no person here', async () => {
    expect((await client.data('{ person(id: "00000000-0000-4000-8000-000000000000") { id } }')).person).toBeNull();
    expect((await client.data('{ person(id: "not-a-uuid") { id } }')).person).toBeNull();
  });
});
