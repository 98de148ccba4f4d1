import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { handleGraphQL } from '../http/apollo-handler.js';
import { createLogger } from '../logging/logger.js';
import { sameHiddenClass } from '../testing/hidden-class.js';
import type { RequestContext } from '../request/context.js';
import { apolloBuiltInsDisabled } from './apollo-plugins.js';
import { compiledExecution } from './compiled-execution.js';
import { CompiledQueryCache } from './compiled-query-cache.js';
import { KnownOperationShortcut } from './known-operation-shortcut.js';
import { OperationCosts, queryCostPlugin } from './query-cost.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';

/**
 * An operation Apollo Server has run before is answered without Apollo's per-request pipeline
 * (known-operation-shortcut.ts). What a client sees must not change: each test sends the same request several times
 * (Apollo answers the first two: the compiled-query cache keeps a document at its second coming) and compares every
 * answer, whole, with Apollo's.
 */
const token = 'scrape-secret-shortcut';
/** Every log line of the app. */
const logLines: Record<string, unknown>[] = [];
let app: TestApp;
let owner: TestClient;
let other: TestClient;
let answeredByShortcut: boolean[];

beforeAll(async () => {
  const logger = createLogger('info', {}, (line) => logLines.push(JSON.parse(line) as Record<string, unknown>));
  app = await startTestApp({ config: { metricsToken: token }, logger });
  [owner, other] = [new TestClient(app.url), new TestClient(app.url)];
  await signUpNew(owner);
  await signUpNew(other);
  for (const lastName of ['Adler', 'Brandt', 'Curie']) await owner.data('mutation($n: String!) { createPerson(input: { lastName: $n }) { id } }', { n: lastName });
  await other.data('mutation { createPerson(input: { lastName: "Other" }) { id } }');
});
afterAll(async () => {
  await app?.stop();
});

let spy: ReturnType<typeof vi.spyOn> | undefined;
/** Records, per request from here on, whether `shortcut` answered it (true) or left it to Apollo (false). */
function watchShortcut(shortcut: KnownOperationShortcut = app.shortcut): void {
  answeredByShortcut = [];
  const answer = shortcut.answer.bind(shortcut);
  spy = vi.spyOn(shortcut, 'answer').mockImplementation(async (...args) => {
    const response = await answer(...args);
    answeredByShortcut.push(response !== undefined);
    return response;
  });
}
afterEach(() => spy?.mockRestore());

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

async function post(client: TestClient | undefined, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(client?.token ? { authorization: `Bearer ${client.token}` } : {}), ...headers },
    body: JSON.stringify(payload),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

/** The same request `times` times, one after the other. */
async function repeat(times: number, send: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < times; i++) answers.push(await send());
  return answers;
}

const peoplePage = { query: 'query ShortcutPeople($first: Int!) { people(first: $first) { edges { node { lastName } } totalCount } }', variables: { first: 50 } };

describe('an operation Apollo has run before', () => {
  it('is answered without Apollo from its third coming, with exactly the answer Apollo gave', async () => {
    watchShortcut();
    const answers = await repeat(5, () => post(owner, peoplePage));
    expect(answeredByShortcut).toEqual([false, false, true, true, true]);
    expect(answers[0]).toEqual({ status: 200, contentType: 'application/json; charset=utf-8', body: expect.stringContaining('"Adler"') });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(JSON.parse(answers[0]!.body)).toEqual({ data: { people: { edges: ['Adler', 'Brandt', 'Curie'].map((lastName) => ({ node: { lastName } })), totalCount: 3 } } });
  });

  it("answers each caller from the caller's own account, and an anonymous one as Apollo does", async () => {
    await repeat(3, () => post(owner, peoplePage));
    watchShortcut();
    const fromOther = await post(other, peoplePage);
    const anonymous = await repeat(3, () => post(undefined, peoplePage));
    expect(answeredByShortcut.slice(0, 1)).toEqual([true]);
    expect(JSON.parse(fromOther.body)).toEqual({ data: { people: { edges: [{ node: { lastName: 'Other' } }], totalCount: 1 } } });
    // An anonymous caller's execution fails in the resolver: the errors go back to Apollo, which formats them.
    expect(answeredByShortcut.slice(1)).toEqual([false, false, false]);
    for (const answer of anonymous) expect(answer).toEqual(anonymous[0]);
    expect(JSON.parse(anonymous[0]!.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers each Accept header with the content type Apollo chose for it, and an unacceptable one with Apollo’s 406', async () => {
    for (const accept of ['application/graphql-response+json, application/json;q=0.9', '*/*', 'application/json']) {
      const answers = await repeat(4, () => post(owner, peoplePage, { accept }));
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      expect(answers[0]!.status).toBe(200);
    }
    const graphQLResponse = await post(owner, peoplePage, { accept: 'application/graphql-response+json' });
    expect(graphQLResponse.contentType).toBe('application/graphql-response+json; charset=utf-8');
    watchShortcut();
    const refused = await repeat(3, () => post(owner, peoplePage, { accept: 'text/html' }));
    expect(answeredByShortcut).toEqual([false, false, false]);
    for (const answer of refused) expect(answer).toEqual({ status: 406, contentType: 'application/json; charset=utf-8', body: expect.stringContaining('accept') });
  });

  it('hands an execution whose result has errors to Apollo, which answers as it always does', async () => {
    const missing = { query: 'query ShortcutMissing($id: ID!) { personDataLink(personId: $id) { fileName } }', variables: { id: crypto.randomUUID() } };
    watchShortcut();
    const answers = await repeat(4, () => post(owner, missing));
    expect(answeredByShortcut).toEqual([false, false, false, false]);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(JSON.parse(answers[0]!.body)).toMatchObject({ data: null, errors: [{ message: 'There is no person with this ID in this account.', extensions: { code: 'NOT_FOUND' } }] });
  });

  it("still checks a known operation's cost, and its text, for each request's own variables", async () => {
    await repeat(3, () => post(owner, peoplePage));
    watchShortcut();
    const tooLarge = await post(owner, { ...peoplePage, variables: { first: 100_000 } });
    expect(answeredByShortcut).toEqual([false]);
    expect(JSON.parse(tooLarge.body).errors[0].extensions.code).toMatch(/QUERY_TOO_COMPLEX|BAD_USER_INPUT/);

    const search = { query: 'query ShortcutSearch($q: String!) { people(first: 5, filter: { text: $q }) { edges { node { lastName } } } }', variables: { q: 'Adl' } };
    await repeat(3, () => post(owner, search));
    const unstorable = await post(owner, { ...search, variables: { q: 'Ad\u0000l' } });
    expect(JSON.parse(unstorable.body).errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('leaves mutations, introspection and other request forms to Apollo', async () => {
    await repeat(3, () => post(owner, peoplePage));
    watchShortcut();
    const company = { query: 'mutation ShortcutCompany { createCompany(input: { name: "Shortcut" }) { name } }' };
    for (let i = 0; i < 3; i++) expect(JSON.parse((await post(owner, company)).body)).toEqual({ data: { createCompany: { name: 'Shortcut' } } });
    for (let i = 0; i < 3; i++) expect(JSON.parse((await post(owner, { query: '{ __schema { queryType { name } } }' })).body)).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    // The same known text with extensions (here Apollo's persisted queries, which Kontor does not take).
    const logged = logLines.length;
    const persisted = await post(owner, { ...peoplePage, extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } });
    // text/plain may be sent cross-site without a preflight: Apollo's CSRF prevention refuses it, known or not.
    const crossSite = await post(owner, peoplePage, { 'content-type': 'text/plain' });
    const batch = await post(owner, [peoplePage]);
    expect(answeredByShortcut).toEqual([false, false, false, false, false, false, false, false, false]);
    expect(JSON.parse(persisted.body)).toEqual({ errors: [{ message: 'PersistedQueryNotSupported', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } }] });
    expect(logLines.slice(logged).filter((line) => line.level === 'error')).toEqual([]);
    expect(crossSite.status).toBe(400);
    expect(crossSite.body).toContain('Cross-Site Request Forgery');
    expect(batch.status).toBe(400);
  });

  it('puts the operation on the log line and in the metrics, as Apollo’s plugins do', async () => {
    const me = { query: 'query Me { me { user { id } } }', operationName: 'Me' };
    const scrape = async () => (await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text()).split('\n');
    const count = (lines: string[]) => Number(lines.find((line) => line.startsWith('kontor_graphql_requests_total{operation="Me",outcome="ok"} '))?.split(' ')[1] ?? 0);
    const before = count(await scrape());
    const logged = logLines.length;
    watchShortcut();
    await repeat(4, () => post(owner, me));
    expect(answeredByShortcut).toEqual([false, false, true, true]);
    expect(count(await scrape())).toBe(before + 4);
    expect(logLines.slice(logged).filter((line) => line.msg === 'request' && line.path === '/graphql' && line.operation === 'Me')).toHaveLength(4);
  });
});

describe('an execution handed over to Apollo', () => {
  // The smallest schema whose resolvers count their runs: what Kontor's resolvers do is not observable enough.
  const runs = { hello: 0, broken: 0 };
  const contexts: object[] = [];
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        hello: { type: GraphQLString, resolve: () => (runs.hello++, 'hi') },
        broken: { type: GraphQLString, resolve: () => (runs.broken++, Promise.reject(new KontorError(ErrorCode.NOT_FOUND, 'Nothing here.'))) },
        seen: { type: GraphQLString, resolve: (_source, _args, context: object) => (contexts.push(context), 'seen') },
      },
    }),
  });
  let server: http.Server;
  let url: string;
  let apollo: ApolloServer<RequestContext>;
  let shortcut: KnownOperationShortcut;
  beforeAll(async () => {
    const costs = new OperationCosts(1000);
    // Nothing to settle: these requests have no account transaction.
    shortcut = new KnownOperationShortcut(10, { costs, willSendResponse: async () => {} });
    // Apollo's built-in plugins off, as in Kontor (cache control would give each context a property of its own).
    apollo = new ApolloServer<RequestContext>({ gateway: compiledExecution(schema, new CompiledQueryCache<CompiledQuery>(10), shortcut), plugins: [...apolloBuiltInsDisabled(), queryCostPlugin(costs)] });
    await apollo.start();
    server = http.createServer((req, res) => void handleGraphQL(apollo, req, res, async () => ({ req, res }) as RequestContext, shortcut));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await apollo?.stop();
  });
  const send = async (query: string) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).text();

  it('is not run again: each request runs its resolvers once, whichever answers it', async () => {
    watchShortcut(shortcut);
    const hello = [];
    for (let i = 0; i < 4; i++) hello.push(await send('{ hello }'));
    const broken = [];
    for (let i = 0; i < 4; i++) broken.push(await send('{ broken }'));
    expect(answeredByShortcut).toEqual([false, false, true, true, false, false, false, false]);
    expect(runs).toEqual({ hello: 4, broken: 4 });
    expect(new Set(hello)).toEqual(new Set(['{"data":{"hello":"hi"}}\n']));
    expect(new Set(broken).size).toBe(1);
    expect(JSON.parse(broken[0]!)).toMatchObject({ data: { broken: null }, errors: [{ message: 'Nothing here.', extensions: { code: 'NOT_FOUND' } }] });
  });

  it("gives resolvers a context of the one hidden class Apollo's copies have", async () => {
    // Two shapes would make every read of the context in code both paths share (access checks, parameters,
    // services) polymorphic. Apollo runs each text's first two comings, the shortcut the later ones; compared after
    // a few of each, when V8 has settled the shape of such objects (the first few may still move to a newer one).
    const byApollo: object[] = [];
    const byShortcut: object[] = [];
    for (let i = 0; i < 8; i++) {
      contexts.length = 0;
      expect(await send(`{ seen${i}: seen }`)).toBe(`{"data":{"seen${i}":"seen"}}\n`);
      byApollo.push(contexts[0]!);
    }
    for (let i = 0; i < 10; i++) {
      contexts.length = 0;
      await send('{ seen }');
      if (i >= 2) byShortcut.push(contexts[0]!);
    }
    expect(sameHiddenClass(byApollo.at(-1)!, byApollo.at(-2)!)).toBe(true);
    expect(sameHiddenClass(byShortcut.at(-1)!, byApollo.at(-1)!)).toBe(true);
  });
});
