import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';

/** Inputs that used to answer INTERNAL_SERVER_ERROR (and log an error): forged cursors, NUL characters, a malformed cookie. */
let app: TestApp;
let client: TestClient;
const errorLog: string[] = [];
beforeAll(async () => {
  app = await startTestApp({ logger: createLogger('error', {}, (line) => errorLog.push(line)) });
  client = new TestClient(app.url);
  await signUpNew(client);
  // Two of each, so every list has a second page; a task with a due date and one without (the due-date orders put those last).
  for (const n of [1, 2]) {
    const { createPerson } = await client.data(`mutation { createPerson(input: { lastName: "Existing ${n}" }) { id } }`);
    await client.data(`mutation { createCompany(input: { name: "Company ${n}" }) { id } }`);
    await client.data(`mutation { createDeal(input: { title: "Deal ${n}" }) { id } }`);
    await client.data(`mutation { createTask(input: { title: "Task ${n}"${n === 1 ? ' dueDate: "2026-12-01"' : ''} }) { id } }`);
    await client.data(`mutation { createNote(input: { body: "Note ${n}", personId: "${createPerson.id}" }) { id } }`);
  }
});
afterAll(async () => {
  await app.stop();
  expect(errorLog).toEqual([]);
});

const lists = {
  people: ['NAME_ASC', 'NAME_DESC', 'CREATED_AT_ASC', 'CREATED_AT_DESC', 'UPDATED_AT_DESC'],
  companies: ['NAME_ASC', 'NAME_DESC', 'CREATED_AT_ASC', 'CREATED_AT_DESC'],
  deals: ['CREATED_AT_ASC', 'CREATED_AT_DESC', 'TITLE_ASC', 'VALUE_DESC'],
  tasks: ['CREATED_AT_DESC', 'DUE_DATE_ASC', 'DUE_DATE_DESC'],
  notes: ['CREATED_AT_ASC', 'CREATED_AT_DESC'],
};

/** A cursor as the server writes them (base64url of a JSON array of sort keys), with any values. */
const encodeCursor = (values: string[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

/** Cursors of every length a list's order may have, holding values of no sort key's type. */
const forgedCursors = [1, 2, 3, 4].flatMap((length) =>
  ['x', 'not-a-uuid', '2026-02-31', '2026-01-01 25:00:00+00', '99999999999999999999', 'a\u0000b', 'x'.repeat(5_000)].map((value) =>
    encodeCursor(Array.from({ length }, (_, i) => (i === length - 1 ? value : '2026-01-01'))),
  ),
);

describe('forged cursors', () => {
  it.each(Object.entries(lists))('%s: refused as BAD_USER_INPUT naming `after`, in every order', async (list, orders) => {
    const query = `query($after: String, $order: ${orderName(list)}) { ${list}(after: $after, orderBy: $order) { totalCount } }`;
    for (const orderBy of orders) {
      const results = await Promise.all(forgedCursors.map((after) => client.request(query, { after, order: orderBy })));
      results.forEach((result, i) => {
        expect(result.errors?.[0]?.extensions, `${list} ${orderBy} ${forgedCursors[i]!.slice(0, 60)}`).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      });
    }
  });

  it.each(Object.entries(lists))("%s: the server's own cursors still page, in every order", async (list, orders) => {
    for (const orderBy of orders) {
      const page = `query($after: String, $order: ${orderName(list)}) { ${list}(first: 1, after: $after, orderBy: $order) { edges { node { id } } pageInfo { endCursor } } }`;
      const first = (await client.data(page, { order: orderBy }))[list];
      const next = (await client.data(page, { order: orderBy, after: first.pageInfo.endCursor }))[list];
      expect(next.edges, `${list} ${orderBy}`).toHaveLength(1);
      expect(next.edges[0].node.id).not.toBe(first.edges[0].node.id);
    }
  });
});

function orderName(list: string): string {
  return { people: 'PersonOrder', companies: 'CompanyOrder', deals: 'DealOrder', tasks: 'TaskOrder', notes: 'NoteOrder' }[list]!;
}

describe('NUL characters, which PostgreSQL cannot store', () => {
  it('in a variable: BAD_USER_INPUT naming it, nothing stored', async () => {
    const result = await client.request('mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }', { input: { lastName: 'Nul\u0000Person' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lastName' });
    expect(result.errors?.[0]?.message).toContain('NUL');
  });

  it('in a literal argument: BAD_USER_INPUT naming the argument', async () => {
    const result = await client.request('mutation { createPerson(input: { lastName: "Nul\\u0000Person" }) { id } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lastName' });
  });

  it('in a filter, an ID and a look-up by slug', async () => {
    for (const [query, variables] of [
      ['query($t: String) { people(filter: { text: $t }) { totalCount } }', { t: '\u0000' }],
      ['query($id: ID!) { person(id: $id) { id } }', { id: '\u0000' }],
      ['mutation($slug: String) { refreshSession(accountSlug: $slug) { accessToken } }', { slug: 'a\u0000' }],
    ] as const) {
      const result = await client.request(query, variables);
      expect(result.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
    }
    const { people } = await client.data('{ people { totalCount } }');
    expect(people.totalCount).toBe(2); // the two made above, none of the refused
  });
});

describe('other text PostgreSQL cannot take', () => {
  it('half of an emoji (a lone surrogate), which jsonb refuses in a webhook payload: BAD_USER_INPUT naming it', async () => {
    const result = await client.request('mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }', { input: { lastName: 'Half \ud83d' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lastName' });
    // A whole emoji is fine.
    expect((await client.data('mutation { createPerson(input: { lastName: "Whole 😀" }) { lastName } }')).createPerson.lastName).toBe('Whole 😀');
  });

  it.each([
    ['createPerson', 'CreatePersonInput', { lastName: 'Empty id' }, 'companyId'],
    ['createPerson', 'CreatePersonInput', { lastName: 'Empty id' }, 'responsibleUserId'],
    ['createCompany', 'CreateCompanyInput', { name: 'Empty id' }, 'responsibleUserId'],
    ['createDeal', 'CreateDealInput', { title: 'Empty id' }, 'companyId'],
    ['createDeal', 'CreateDealInput', { title: 'Empty id' }, 'responsibleUserId'],
    ['createTask', 'CreateTaskInput', { title: 'Empty id' }, 'assigneeUserId'],
  ])('%s with an empty %s: BAD_USER_INPUT naming it, not a database error', async (mutation, inputType, input, field) => {
    const result = await client.request(`mutation($input: ${inputType}!) { ${mutation}(input: $input) { id } }`, { input: { ...input, [field]: '' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('an operation name the document does not have', () => {
  it.each([
    ['an unknown name', 'query A { plans { code } }', 'B', 'The document has no operation named "B".'],
    ['an unknown mutation name', 'mutation A { logOut }', 'B', 'The document has no operation named "B".'],
    ['no name among several', 'query A { plans { code } } query B { plans { code } }', undefined, 'The document has several operations: name the one to run (operationName).'],
  ])('%s: OPERATION_RESOLUTION_FAILURE, not a 500 (200 as application/json)', async (_case, query, operationName, message) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, operationName }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).errors).toEqual([{ message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }]);
  });
});

describe('a malformed refresh cookie', () => {
  it('counts as no cookie: refreshSession answers "not logged in", logOut succeeds', async () => {
    const anonymous = new TestClient(app.url);
    anonymous.cookie = 'kontor_refresh=%E0%A4%A';
    const refreshed = await anonymous.request('mutation { refreshSession { accessToken } }');
    expect(refreshed.errors?.[0]).toMatchObject({ message: 'You are not logged in.', extensions: { code: 'UNAUTHENTICATED' } });
    anonymous.cookie = 'kontor_refresh=%E0%A4%A';
    expect(await anonymous.data('mutation { logOut }')).toEqual({ logOut: true });
  });
});
