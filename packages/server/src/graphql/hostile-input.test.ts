import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { hostileCalls, type HostileCall } from '../testing/hostile-values.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { buildKontorSchema } from '../schema.js';

/**
 * Every query and mutation of the schema, sent bad values for each argument
 * (huge strings, NUL, wrong types, negative and huge numbers, forged IDs and
 * cursors, unknown enum values, each field of an input in turn), by the owner
 * of an account and anonymously. What may come back: typed errors (or data).
 * What may not: a 5xx, INTERNAL_SERVER_ERROR, a stack trace, an error line
 * in the server's log, or a server that is not healthy afterwards.
 */
let app: TestApp;
let owner: TestClient;
const errorLog: string[] = [];
const calls = hostileCalls(await buildKontorSchema());
const unlimited = { limit: 1_000_000, windowSeconds: 60 };

beforeAll(async () => {
  app = await startTestApp({
    logger: createLogger('error', {}, (line) => errorLog.push(line)),
    // The suite logs in many times a minute; rate limits would answer (typed) before the values are judged.
    config: { rateLimits: { authPerEmail: unlimited, authPerClient: unlimited, refreshPerClient: unlimited }, invitationMailsPerAccount: unlimited },
  });
  owner = new TestClient(app.url);
  await signUpNew(owner, { accountName: 'Hostile Inc' });
  await owner.data('mutation { createPerson(input: { lastName: "Target" }) { id } }');
});
afterAll(async () => {
  await app.stop();
});

/** What is wrong with one answer, or nothing. */
async function judge(token: string | undefined, call: HostileCall): Promise<string | undefined> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: call.query, variables: call.variables }),
  });
  const text = await response.text();
  if (response.status >= 500) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  if (/stacktrace|\n\s+at \S|\bat .+:\d+:\d+\)/.test(text)) return `stack in the answer: ${text.slice(0, 300)}`;
  let body: { errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON (HTTP ${response.status}): ${text.slice(0, 300)}`;
  }
  const untyped = body.errors?.find((error) => !error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR');
  if (untyped) return `untyped error: ${JSON.stringify(untyped).slice(0, 300)}`;
  return undefined;
}

/** Runs the calls a few at a time (the machine is small; the point is bad values, not load). */
async function sendAll(token: string | undefined, selected: HostileCall[]): Promise<string[]> {
  const failures: string[] = [];
  const queue = [...selected];
  const worker = async () => {
    for (let call = queue.shift(); call; call = queue.shift()) {
      const problem = await judge(token, call);
      if (problem) failures.push(`${call.label}: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return failures;
}

describe('hostile input to every operation', () => {
  it('covers every root field that takes arguments', () => {
    expect(calls.length).toBeGreaterThan(1_000);
    expect(new Set(calls.map((call) => call.label.split(' ')[0])).size).toBeGreaterThan(50);
  });

  it('as the owner of an account: typed errors only', async () => {
    expect(await sendAll(owner.token, calls)).toEqual([]);
    expect(errorLog).toEqual([]);
  }, 120_000);

  it('anonymously: typed errors only', async () => {
    // Public operations get every value; the others stop at the access check, so a sample of them shows that they do.
    expect(await sendAll(undefined, calls.filter((call, i) => call.isPublic || i % 10 === 0))).toEqual([]);
    expect(errorLog).toEqual([]);
  }, 120_000);

  it('hostile requests around the arguments: tokens, cookies, operation names, bodies', async () => {
    const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const me = { query: '{ me { user { id } } }' };
    const refresh = { query: 'mutation { refreshSession { accessToken } }' };
    const requests: [string, RequestInit][] = [
      ['garbage token', post(me, { authorization: 'Bearer garbage' })],
      ['alg none token', post(me, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' })],
      ['forged API key', post({ query: '{ people { totalCount } }' }, { authorization: `Bearer kontor_live_abcdefghijkl_${'A'.repeat(43)}` })],
      ['10 KB token', post(me, { authorization: `Bearer ${'a'.repeat(10_000)}` })],
      ['another scheme', post(me, { authorization: 'Basic YTpi' })],
      ['malformed cookie', post(refresh, { cookie: 'kontor_refresh=%E0%A4%A' })],
      ['cookie of dots', post(refresh, { cookie: `a=b; kontor_refresh=${'x.'.repeat(2_000)}` })],
      ['cookie with %00', post(refresh, { cookie: 'kontor_refresh=%00.abc' })],
      ['unknown operation name', post({ query: '{ plans { code } }', operationName: 'Nope' })],
      ['variables not an object', post({ query: '{ plans { code } }', variables: [1] })],
      ['query not a string', post({ query: 12 })],
      ['batch', post([{ query: '{ plans { code } }' }])],
      ['not JSON', post('{"query": ')],
      ['text/plain', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ plans { code } }"}' }],
    ];
    const failures: string[] = [];
    for (const [label, init] of requests) {
      const response = await fetch(`${app.url}/graphql`, init);
      const text = await response.text();
      const codes = ((JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors ?? []).map((e) => e.extensions?.code);
      if (response.status >= 500 || codes.some((code) => !code || code === 'INTERNAL_SERVER_ERROR')) failures.push(`${label}: ${response.status} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(errorLog).toEqual([]);
  });

  it('leaves the server healthy', async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const { people } = await owner.data('{ people(filter: { text: "Target" }) { totalCount } }');
    expect(people.totalCount).toBe(1);
  });
});
