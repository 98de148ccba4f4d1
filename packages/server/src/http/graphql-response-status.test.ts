import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Each refusal GraphQL makes before running, asked for as the legacy
 * `application/json` (what the SDK and most scripts send), as
 * `application/graphql-response+json` (Apollo Client's first choice, the web
 * app) and with no Accept header at all (which the spec reads as
 * `application/json`).
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: { queryLimits: { maxDepth: 3, maxAliases: 2, maxTokens: 200, maxCost: 50 } } });
});
afterAll(async () => {
  await app?.stop();
});

const json = 'application/json';
const graphqlResponse = 'application/graphql-response+json';

async function post(body: unknown, accept?: string) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string; limit?: string } }[] };
  return { status: response.status, contentType: response.headers.get('content-type'), answer };
}

const refusals = [
  ['a document that does not parse', { query: '{ plans { code ' }, 'GRAPHQL_PARSE_FAILED'],
  ['a field the schema does not have', { query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
  ['an operation name the document does not have', { query: 'query A { plans { code } }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
  ['a variable of the wrong type', { query: 'query($first: Int) { people(first: $first) { totalCount } }', variables: { first: 'ten' } }, 'BAD_USER_INPUT'],
  ['a required variable left out', { query: 'query($id: ID!) { person(id: $id) { id } }', variables: {} }, 'BAD_USER_INPUT'],
  ['too deep (QUERY_TOO_COMPLEX)', { query: '{ me { user { id memberships { account { id } } } } }' }, 'QUERY_TOO_COMPLEX'],
  ['too many aliases (QUERY_TOO_COMPLEX)', { query: '{ a: plans { code } b: plans { code } c: plans { code } }' }, 'QUERY_TOO_COMPLEX'],
  ['too many tokens (QUERY_TOO_COMPLEX)', { query: `{ ${Array.from({ length: 300 }, () => '__typename').join(' ')} }` }, 'QUERY_TOO_COMPLEX'],
  ['too costly (QUERY_TOO_COMPLEX)', { query: '{ people(first: 100) { edges { node { id } } } }' }, 'QUERY_TOO_COMPLEX'],
] as const;

describe.each(refusals)('%s', (_case, body, code) => {
  it('answers 200 with the error to a client that accepts application/json', async () => {
    const { status, contentType, answer } = await post(body, json);
    expect({ status, contentType, code: answer.errors?.[0]?.extensions?.code, data: answer.data }).toEqual({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      code,
      data: undefined,
    });
  });

  it('answers 200 without an Accept header, which the spec reads as application/json', async () => {
    const { status, answer } = await post(body);
    expect({ status, code: answer.errors?.[0]?.extensions?.code }).toEqual({ status: 200, code });
  });

  it('answers 400 with the error to a client that accepts application/graphql-response+json', async () => {
    const { status, contentType, answer } = await post(body, `${graphqlResponse},${json};q=0.9`);
    expect({ status, contentType, code: answer.errors?.[0]?.extensions?.code }).toEqual({ status: 400, contentType: `${graphqlResponse}; charset=utf-8`, code });
  });
});

describe('a request that is not a GraphQL request', () => {
  it.each([json, graphqlResponse])('answers 400 BAD_REQUEST whatever it accepts (%s): no query at all', async (accept) => {
    const { status, answer } = await post({ variables: {} }, accept);
    expect({ status, code: answer.errors?.[0]?.extensions?.code }).toEqual({ status: 400, code: 'BAD_REQUEST' });
  });

  it.each([json, graphqlResponse])('answers 400 BAD_REQUEST whatever it accepts (%s): a body that is not JSON', async (accept) => {
    const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: '{"query":' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });
});

it('answers an operation that ran 200 either way', async () => {
  for (const accept of [json, graphqlResponse]) {
    const { status, answer } = await post({ query: '{ plans { code } }' }, accept);
    expect({ status, errors: answer.errors }).toEqual({ status: 200, errors: undefined });
  }
});

it('answers a query by GET that carries a header forcing a CORS preflight, and refuses one without (CSRF prevention)', async () => {
  const url = `${app.url}/graphql?query=${encodeURIComponent('{ plans { code } }')}`;
  const allowed = await fetch(url, { headers: { accept: json, 'apollo-require-preflight': 'true' } });
  expect(allowed.status).toBe(200);
  expect(((await allowed.json()) as { data: { plans: unknown[] } }).data.plans.length).toBeGreaterThan(0);
  const refused = await fetch(url, { headers: { accept: json } });
  expect(refused.status).toBe(400);
});
