import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';

/** Operations run compiled (graphql-jit, compiled-execution.ts): what a client sees must not change. */
let app: TestApp;
let client: TestClient;
beforeAll(async () => {
  app = await startTestApp();
  client = new TestClient(app.url);
  await signUpNew(client);
  await client.data('mutation { createPerson(input: { lastName: "Ada" }) { id } }');
});
afterAll(async () => {
  await app.stop();
});

describe('compiled execution', () => {
  it('answers introspection and __typename', async () => {
    const { __schema, people } = await client.data('{ __schema { queryType { name } } people(first: 1) { __typename edges { node { __typename } } } }');
    expect(__schema.queryType.name).toBe('Query');
    expect(people).toEqual({ __typename: 'PersonConnection', edges: [{ node: { __typename: 'Person' } }] });
  });

  it('runs the operation named in a document of several, with its variables', async () => {
    const query = 'query One { me { user { email } } } query Two($first: Int!) { people(first: $first) { edges { node { lastName } } } }';
    const result = await client.request(query, { first: 5 }, 'Two');
    expect(result).toEqual({ data: { people: { edges: [{ node: { lastName: 'Ada' } }] } } });
  });

  it('refuses variables of the wrong type as bad input', async () => {
    const result = await client.request('query($first: Int!) { people(first: $first) { totalCount } }', { first: 'many' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.data).toBeUndefined();
  });

  it('serves the same compiled document to different callers with their own data', async () => {
    const other = new TestClient(app.url);
    await signUpNew(other);
    const query = '{ people(first: 5) { totalCount edges { node { lastName } } } }';
    expect((await client.data(query)).people.totalCount).toBe(1);
    expect((await other.data(query)).people).toEqual({ totalCount: 0, edges: [] });
  });
});
