import { getIntrospectionQuery, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { queryCountingLogger } from '../testing/query-counter.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { queryShapeRules } from './query-limits.js';
import { buildKontorSchema } from '../schema.js';

/**
 * The cases of the issue: each is refused with QUERY_TOO_COMPLEX before any statement reaches PostgreSQL;
 * as `application/json` (no Accept header), so HTTP 200 (http/graphql-response-status.test.ts has the 400 of
 * `application/graphql-response+json`).
 */
const counter = queryCountingLogger();
const limits = loadConfig({ NODE_ENV: 'test' }).queryLimits;
let app: TestApp;
let client: TestClient;

beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug' }, logger: counter.logger });
  client = new TestClient(app.url);
  await signUpNew(client, { planCode: 'BUSINESS' });
  const { createCompany } = await client.data('mutation { createCompany(input: { name: "Thirty" }) { id } }');
  for (let i = 0; i < 30; i++) {
    await client.data('mutation($c: ID!, $n: String!) { createPerson(input: { lastName: $n, companyId: $c }) { id } }', { c: createCompany.id, n: `P${i}` });
  }
});
afterAll(async () => {
  await app?.stop();
});

/** Sends a document as a client would and records the statements it caused. */
async function send(query: string, variables: Record<string, unknown> = {}, token = client.token) {
  const { result, queries, roundTrips } = await counter.count(async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  });
  return { ...result, statements: queries.length + roundTrips.length };
}

/** companies → people → company → people …, `levels` times people. */
function relationLoop(levels: number, companies = ''): string {
  let selection = 'lastName';
  for (let i = 1; i < levels; i++) selection = `lastName company { name people { ${selection} } }`;
  return `{ companies${companies} { edges { node { name people { ${selection} } } } } }`;
}

const aliased = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('limits on the shape of a query', () => {
  it('counts statements, so "none ran" below means something', async () => {
    const { body, statements } = await send(relationLoop(1));
    expect(body.errors).toBeUndefined();
    expect(statements).toBeGreaterThan(0);
  });

  it('refuses the relation loop of the issue (four levels of people) by its depth', async () => {
    const { status, body, statements } = await send(relationLoop(4));
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', maximum: limits.maxDepth, measured: 11 });
    expect(body.errors![0]!.message).toBe(`The query nests fields 11 levels deep; at most ${limits.maxDepth} are allowed.`);
    expect(statements).toBe(0);
  });

  it('refuses a loop within the depth limit by its cost, where each list counts as its `first`', async () => {
    // 25 companies (the default page) × 100 people × their company × 100 people.
    const { status, body, statements } = await send(relationLoop(3));
    expect(status).toBe(200);
    expect(body.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: limits.maxCost, measured: 505_076 });
    expect(statements).toBe(0);
  });

  it('measures the cost with the variables of the request', async () => {
    const query = `query($first: Int!) ${relationLoop(3, '(first: $first)')}`;
    const refused = await send(query, { first: 25 });
    expect(refused.body.errors![0]!.extensions).toMatchObject({ limit: 'cost', measured: 505_076 });
    const allowed = await send(query, { first: 1 });
    expect(allowed.body.errors).toBeUndefined();
    expect((allowed.body.data as any).companies.edges[0].node.people).toHaveLength(30);
  });

  it('measures a document that fits only with small pages again for each request, whichever came first', async () => {
    // The same document first with a page that fits, then with one that does not: the first answer is no licence for the second.
    const query = `query Loop($first: Int!) ${relationLoop(3, '(first: $first)')}`;
    expect((await send(query, { first: 1 })).body.errors).toBeUndefined();
    expect((await send(query, { first: 25 })).body.errors![0]!.extensions).toMatchObject({ limit: 'cost', measured: 505_076 });
    expect((await send(query, { first: 1 })).body.errors).toBeUndefined();
  });

  it('refuses 400 aliased `health` fields from an anonymous caller before any database query', async () => {
    const { status, body, statements } = await send(aliased(400, 'health { databaseUp }'), {}, '');
    expect(status).toBe(200);
    expect(body.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', maximum: limits.maxAliases, measured: 400 });
    expect(statements).toBe(0);
  });

  it('stops parsing 3,000 aliased `plans` at the token limit', async () => {
    const { status, body, statements } = await send(aliased(3000, 'plans { code }'), {}, '');
    expect(status).toBe(200);
    // `{`, 3,000 × `aN : plans { code }`, `}`
    expect(body.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', maximum: limits.maxTokens, measured: 18_002 });
    expect(statements).toBe(0);
  });

  it('would refuse those 3,000 aliases by their count too, had the document fewer tokens', async () => {
    const errors = validate(await buildKontorSchema(), parse(aliased(3000, 'plans { code }')), queryShapeRules(limits));
    expect(errors.map((error) => error.extensions)).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', maximum: limits.maxAliases, measured: 3000, http: { status: 400 } }]);
  });

  it("answers the playground's introspection, and refuses it repeated under aliases by its cost", async () => {
    const full = await send(getIntrospectionQuery());
    expect(full.body.errors).toBeUndefined();
    const { status, body } = await send(aliased(26, '__schema { queryType { name } }'));
    expect(status).toBe(200);
    expect(body.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: limits.maxCost, measured: 26_000 });
  });

  it('counts fragments by the fields they add, not as levels of their own', async () => {
    const query = `{ companies { ...page } } fragment page on CompanyConnection { edges { ...edge } } fragment edge on CompanyEdge { node { name } }`;
    const { body } = await send(query);
    expect(body.errors).toBeUndefined();
  });
});
