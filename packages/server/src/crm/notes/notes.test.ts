import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCountingLogger } from '../../testing/query-counter.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { memberWithRole, signUpNew, TestClient } from '../../testing/test-client.js';

const counter = queryCountingLogger();
let app: TestApp;
let owner: TestClient;
let ownerId: string;
let accountId: string;

beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug' }, logger: counter.logger });
  owner = new TestClient(app.url);
  const { auth } = await signUpNew(owner, { planCode: 'BUSINESS' });
  ownerId = auth.user.id;
  accountId = auth.account.id;
});
afterAll(async () => {
  await app.stop();
});

const noteFields = 'id body confidential author { id } person { id } company { id } deal { id } createdAt updatedAt';
type Edge = { node: { body: string } };
const bodies = (connection: { edges: Edge[] }) => connection.edges.map((e) => e.node.body);

async function newAccount(): Promise<TestClient> {
  const client = new TestClient(app.url);
  await signUpNew(client);
  return client;
}

describe('notes', () => {
  it('are created on a person, company or deal (NOTE_ADDED in its timeline), read, updated and deleted', async () => {
    const { createPerson } = await owner.data('mutation { createPerson(input: { lastName: "Noted" }) { id } }');
    const { createNote } = await owner.data(`mutation($p: ID!) { createNote(input: { body: " Likes golf. ", personId: $p }) { ${noteFields} } }`, { p: createPerson.id });
    expect(createNote).toMatchObject({ body: 'Likes golf.', confidential: false, author: { id: ownerId }, person: { id: createPerson.id }, company: null, deal: null });
    const { person } = await owner.data(`query($id: ID!) { person(id: $id) { timeline { kind } } }`, { id: createPerson.id });
    expect(person.timeline.map((a: { kind: string }) => a.kind)).toEqual(['NOTE_ADDED', 'CREATED']);

    const { createCompany } = await owner.data('mutation { createCompany(input: { name: "Noted Co" }) { id } }');
    const { createDeal } = await owner.data('mutation { createDeal(input: { title: "Noted deal" }) { id } }');
    const onCompany = await owner.data(`mutation($c: ID!) { createNote(input: { body: "Company note", companyId: $c }) { company { id } } }`, { c: createCompany.id });
    const onDeal = await owner.data(`mutation($d: ID!) { createNote(input: { body: "Deal note", dealId: $d }) { deal { id } } }`, { d: createDeal.id });
    expect(onCompany.createNote.company.id).toBe(createCompany.id);
    expect(onDeal.createNote.deal.id).toBe(createDeal.id);
    expect((await owner.data(`query($id: ID!) { company(id: $id) { timeline { kind } } }`, { id: createCompany.id })).company.timeline[0].kind).toBe('NOTE_ADDED');
    expect((await owner.data(`query($id: ID!) { deal(id: $id) { timeline { kind } } }`, { id: createDeal.id })).deal.timeline[0].kind).toBe('NOTE_ADDED');

    const { updateNote } = await owner.data(`mutation($id: ID!) { updateNote(id: $id, input: { body: "Likes golf and tennis." }) { body } }`, { id: createNote.id });
    expect(updateNote.body).toBe('Likes golf and tennis.');
    expect((await owner.data(`query($id: ID!) { note(id: $id) { body } }`, { id: createNote.id })).note.body).toBe('Likes golf and tennis.');

    expect((await owner.data(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: createNote.id })).deleteNote).toBe(createNote.id);
    expect((await owner.data(`query($id: ID!) { note(id: $id) { id } }`, { id: createNote.id })).note).toBeNull();
  });

  it('page through a list, newest or oldest first, filtered by subject and text', async () => {
    const client = await newAccount();
    const { createPerson } = await client.data('mutation { createPerson(input: { lastName: "P" }) { id } }');
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "C" }) { id } }');
    for (const body of ['one', 'two', 'three', 'four']) await client.data(`mutation($p: ID!, $b: String!) { createNote(input: { body: $b, personId: $p }) { id } }`, { p: createPerson.id, b: body });
    await client.data(`mutation($c: ID!) { createNote(input: { body: "Company ONE", companyId: $c }) { id } }`, { c: createCompany.id });
    const all = async (orderBy: string, filter: Record<string, unknown>) => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const { notes } = await client.data(`query($after: String, $f: NoteFilter) { notes(first: 2, after: $after, filter: $f, orderBy: ${orderBy}) { edges { node { body } } pageInfo { hasNextPage endCursor } totalCount } }`, {
          after,
          f: filter,
        });
        seen.push(...bodies(notes));
        if (!notes.pageInfo.hasNextPage) return { seen, total: notes.totalCount };
        after = notes.pageInfo.endCursor;
      }
    };
    expect(await all('CREATED_AT_DESC', {})).toEqual({ seen: ['Company ONE', 'four', 'three', 'two', 'one'], total: 5 });
    expect(await all('CREATED_AT_ASC', { personId: createPerson.id })).toEqual({ seen: ['one', 'two', 'three', 'four'], total: 4 });
    expect(await all('CREATED_AT_DESC', { companyId: createCompany.id })).toEqual({ seen: ['Company ONE'], total: 1 });
    expect(await all('CREATED_AT_ASC', { text: 'one' })).toEqual({ seen: ['one', 'Company ONE'], total: 2 });
    expect((await client.request('{ notes(first: 101) { totalCount } }')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('refuse bad input with the field named, creating nothing', async () => {
    const client = await newAccount();
    const { createPerson } = await client.data('mutation { createPerson(input: { lastName: "P" }) { id } }');
    const { createDeal } = await client.data('mutation { createDeal(input: { title: "D" }) { id } }');
    const missing = '00000000-0000-4000-8000-000000000099';
    for (const [input, field] of [
      [{ body: 'No subject' }, 'personId'],
      [{ body: '', personId: createPerson.id }, 'body'],
      [{ body: 'x'.repeat(20001), personId: createPerson.id }, 'body'],
      [{ body: 'Two subjects', personId: createPerson.id, dealId: createDeal.id }, 'dealId'],
      [{ body: 'Missing', companyId: missing }, 'companyId'],
      [{ body: 'Missing', dealId: 'nope' }, 'dealId'],
    ] as const) {
      const result = await client.request(`mutation($input: CreateNoteInput!) { createNote(input: $input) { id } }`, { input });
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await client.data('{ notes { totalCount } }')).notes.totalCount).toBe(0);
    const { person } = await client.data(`query($id: ID!) { person(id: $id) { timeline { kind } } }`, { id: createPerson.id });
    expect(person.timeline.map((a: { kind: string }) => a.kind)).toEqual(['CREATED']);

    const { createNote } = await client.data(`mutation($p: ID!) { createNote(input: { body: "Keep", personId: $p }) { id } }`, { p: createPerson.id });
    const blank = await client.request(`mutation($id: ID!) { updateNote(id: $id, input: { body: " " }) { id } }`, { id: createNote.id });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect((await client.data(`query($id: ID!) { note(id: $id) { body } }`, { id: createNote.id })).note.body).toBe('Keep');
  });

  it('confidential notes are hidden from NORMAL, who may neither create nor make them', async () => {
    const { createPerson } = await owner.data('mutation { createPerson(input: { lastName: "Secretive" }) { id } }');
    const p = createPerson.id;
    const { createNote: secret } = await owner.data(`mutation($p: ID!) { createNote(input: { body: "Salary 100k", confidential: true, personId: $p }) { id confidential } }`, { p });
    expect(secret.confidential).toBe(true);
    const { createNote: open } = await owner.data(`mutation($p: ID!) { createNote(input: { body: "Open note", personId: $p }) { id } }`, { p });

    const normal = await memberWithRole(app.url, app.database.url, accountId, 'NORMAL');
    const listed = await normal.data(`query($p: ID!) { notes(filter: { personId: $p }) { totalCount edges { node { body } } } }`, { p });
    expect(listed.notes).toEqual({ totalCount: 1, edges: [{ node: { body: 'Open note' } }] });
    expect((await normal.data(`{ notes(filter: { text: "salary" }) { totalCount } }`)).notes.totalCount).toBe(0);
    expect((await normal.data(`query($id: ID!) { note(id: $id) { body } }`, { id: secret.id })).note).toBeNull();
    expect((await normal.data(`query($p: ID!) { person(id: $p) { notes { body } } }`, { p })).person.notes).toEqual([{ body: 'Open note' }]);
    expect((await owner.data(`query($p: ID!) { person(id: $p) { notes { body } } }`, { p })).person.notes).toEqual([{ body: 'Open note' }, { body: 'Salary 100k' }]);

    const hidden = await normal.request(`mutation($id: ID!) { updateNote(id: $id, input: { body: "Changed" }) { body } }`, { id: secret.id });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const [mutation, variables] of [
      ['mutation($p: ID!) { createNote(input: { body: "Mine", confidential: true, personId: $p }) { id } }', { p }],
      ['mutation($id: ID!) { updateNote(id: $id, input: { confidential: true }) { id } }', { id: open.id }],
    ] as const) {
      const result = await normal.request(mutation, variables);
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', right: 'notes.readConfidential' } });
      expect(result.errors?.[0]?.message).toContain('notes.readConfidential');
    }
    const { notes } = await owner.data(`query($p: ID!) { notes(filter: { personId: $p }, orderBy: CREATED_AT_ASC) { edges { node { body confidential } } } }`, { p });
    expect(notes.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { body: 'Salary 100k', confidential: true },
      { body: 'Open note', confidential: false },
    ]);

    const extended = await memberWithRole(app.url, app.database.url, accountId, 'EXTENDED');
    expect((await extended.data(`query($id: ID!) { note(id: $id) { body } }`, { id: secret.id })).note.body).toBe('Salary 100k');
    const { createNote } = await extended.data(`mutation($p: ID!) { createNote(input: { body: "Extended secret", confidential: true, personId: $p }) { confidential } }`, { p });
    expect(createNote.confidential).toBe(true);
  });

  it('NORMAL cannot delete; EXTENDED may delete 10 in one request but not 11', async () => {
    const { createPerson } = await owner.data('mutation { createPerson(input: { lastName: "Bulk notes" }) { id } }');
    const create = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await owner.data(`mutation($p: ID!) { createNote(input: { body: "Bulk ${i}", personId: $p }) { id } }`, { p: createPerson.id })).createNote.id);
      return ids;
    };
    const count = async () => (await owner.data(`query($p: ID!) { notes(filter: { personId: $p }) { totalCount } }`, { p: createPerson.id })).notes.totalCount;
    const normal = await memberWithRole(app.url, app.database.url, accountId, 'NORMAL');
    const [one] = await create(1);
    for (const mutation of ['deleteNote(id: $id)', 'deleteNotes(ids: [$id])']) {
      const result = await normal.request(`mutation($id: ID!) { ${mutation} }`, { id: one });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', right: 'records.delete' } });
      expect(result.errors?.[0]?.message).toContain('records.delete');
    }
    expect(await count()).toBe(1);

    const extended = await memberWithRole(app.url, app.database.url, accountId, 'EXTENDED');
    const ten = await create(9);
    expect((await extended.data(`mutation($ids: [ID!]!) { deleteNotes(ids: $ids) }`, { ids: [one, ...ten] })).deleteNotes).toHaveLength(10);
    const eleven = await create(11);
    const refused = await extended.request(`mutation($ids: [ID!]!) { deleteNotes(ids: $ids) }`, { ids: eleven });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', right: 'records.bulkDelete' });
    expect(await count()).toBe(11);
  });

  it('load a page of 100 notes with author and subjects in a constant number of queries', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client, { planCode: 'BUSINESS' });
    const { createPerson } = await client.data('mutation { createPerson(input: { lastName: "P" }) { id } }');
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "C" }) { id } }');
    const { createDeal } = await client.data('mutation { createDeal(input: { title: "D" }) { id } }');
    const subjects = [{ personId: createPerson.id }, { companyId: createCompany.id }, { dealId: createDeal.id }];
    for (let i = 0; i < 100; i++) await client.data(`mutation($i: CreateNoteInput!) { createNote(input: $i) { id } }`, { i: { body: `N${i}`, ...subjects[i % 3] } });
    const { result, roundTrips } = await counter.count(() =>
      client.data('{ notes(first: 100) { totalCount edges { node { body author { name } person { lastName } company { name } deal { title } } } } }'),
    );
    expect(result.notes.edges).toHaveLength(100);
    // The caller check (the role decides which notes are visible), notes, count, people, companies, deals, users — however many rows.
    expect(roundTrips).toHaveLength(7);
  });

  it('list the tasks and notes of a page of people, companies and deals in one query each', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client, { planCode: 'BUSINESS' });
    for (let i = 0; i < 10; i++) {
      const { createPerson } = await client.data(`mutation { createPerson(input: { lastName: "P${i}" }) { id } }`);
      for (const title of ['Later', 'Sooner']) {
        await client.data(`mutation($p: ID!, $t: String!, $d: String!) { createTask(input: { title: $t, dueDate: $d, personId: $p }) { id } }`, {
          p: createPerson.id,
          t: title,
          d: title === 'Sooner' ? '2026-01-01' : '2026-06-01',
        });
      }
      await client.data(`mutation($p: ID!) { createNote(input: { body: "Note ${i}", personId: $p }) { id } }`, { p: createPerson.id });
    }
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "C" }) { id } }');
    await client.data(`mutation($c: ID!) { createTask(input: { title: "Company task", companyId: $c }) { id } }`, { c: createCompany.id });
    const { createDeal } = await client.data('mutation { createDeal(input: { title: "D" }) { id } }');
    await client.data(`mutation($d: ID!) { createNote(input: { body: "Deal note", dealId: $d }) { id } }`, { d: createDeal.id });

    const { result, roundTrips } = await counter.count(() => client.data('{ people(first: 100) { edges { node { lastName tasks { title } notes { body } } } } }'));
    expect(result.people.edges).toHaveLength(10);
    for (const { node } of result.people.edges) {
      expect(node.tasks).toEqual([{ title: 'Sooner' }, { title: 'Later' }]);
      expect(node.notes).toEqual([{ body: `Note ${node.lastName.slice(1)}` }]);
    }
    // People (with the caller check), tasks, notes.
    expect(roundTrips).toHaveLength(3);
    const { company } = await client.data(`query($id: ID!) { company(id: $id) { tasks { title } notes { body } } }`, { id: createCompany.id });
    expect(company).toEqual({ tasks: [{ title: 'Company task' }], notes: [] });
    const { deal } = await client.data(`query($id: ID!) { deal(id: $id) { tasks { title } notes { body } } }`, { id: createDeal.id });
    expect(deal).toEqual({ tasks: [], notes: [{ body: 'Deal note' }] });
  });

  it("with account A's token, never read, link or change account B's notes", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const { createPerson: bPerson } = await b.data('mutation { createPerson(input: { lastName: "B person" }) { id } }');
    const { createNote: bNote } = await b.data(`mutation($p: ID!) { createNote(input: { body: "B note", personId: $p }) { id } }`, { p: bPerson.id });
    const bState = () => b.data(`query($id: ID!, $p: ID!) { note(id: $id) { body confidential } notes { totalCount } person(id: $p) { timeline { kind } } }`, { id: bNote.id, p: bPerson.id });
    const before = await bState();

    expect((await a.data(`query($id: ID!) { note(id: $id) { id } }`, { id: bNote.id })).note).toBeNull();
    expect((await a.data(`query($p: ID!) { notes(filter: { personId: $p }) { totalCount edges { node { id } } } }`, { p: bPerson.id })).notes).toEqual({ totalCount: 0, edges: [] });
    const linked = await a.request(`mutation($p: ID!) { createNote(input: { body: "Link", personId: $p }) { id } }`, { p: bPerson.id });
    expect(linked.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
    const updated = await a.request(`mutation($id: ID!) { updateNote(id: $id, input: { body: "Hijacked", confidential: true }) { id } }`, { id: bNote.id });
    expect(updated.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await a.request(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: bNote.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await a.data(`mutation($ids: [ID!]!) { deleteNotes(ids: $ids) }`, { ids: [bNote.id] })).deleteNotes).toEqual([]);

    expect(await bState()).toEqual(before);
    expect((await a.data('{ notes { totalCount } }')).notes.totalCount).toBe(0);
  });
});
