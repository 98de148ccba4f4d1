import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { queryCountingLogger } from '../testing/query-counter.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';

// One pooled connection for requests, so that every page below runs on the same PostgreSQL backend: the one that
// prepared the statement, for one account after the other.
const counter = queryCountingLogger();
let app: TestApp;
beforeAll(async () => {
  const defaults = loadConfig({ NODE_ENV: 'test' }).database;
  app = await startTestApp({ config: { logLevel: 'debug', database: { ...defaults, poolSize: 1 } }, logger: counter.logger });
});
afterAll(async () => {
  await app.stop();
});

const page = '{ people(first: 10) { edges { node { lastName } cursor } pageInfo { endCursor } } }';
const lastNames = (data: Record<string, any>) => (data.people.edges as { node: { lastName: string } }[]).map((edge) => edge.node.lastName);

async function accountWithPeople(names: string[]): Promise<TestClient> {
  const client = new TestClient(app.url);
  await signUpNew(client, { planCode: 'BUSINESS' });
  for (const lastName of names) await client.data('mutation($n: String!) { createPerson(input: { lastName: $n }) { id } }', { n: lastName });
  return client;
}

describe('a page of a list without filters, prepared once per connection', () => {
  it('is prepared in the round trip that first runs it, then executed; each account still reads only its own people', async () => {
    const a = await accountWithPeople(['Adler', 'Amsel']);
    const b = await accountWithPeople(['Bach', 'Biber', 'Birke']);

    const first = await counter.count(() => a.data(page));
    expect(lastNames(first.result)).toEqual(['Adler', 'Amsel']);
    expect(first.roundTrips).toHaveLength(1);
    expect(first.roundTrips[0]).toMatch(/;\nPREPARE (kontor_statement_\d+) AS select .* from person t .* limit 11;\nEXECUTE \1$/s);
    const name = /PREPARE (kontor_statement_\d+)/.exec(first.roundTrips[0]!)![1];

    // The same statement on the same connection for another account: executed under B's role and search path, it
    // reads B's schema (PostgreSQL parses it again for the new search path), and so on back and forth.
    for (const [client, expected] of [[b, ['Bach', 'Biber', 'Birke']], [a, ['Adler', 'Amsel']], [b, ['Bach', 'Biber', 'Birke']]] as const) {
      const again = await counter.count(() => client.data(page));
      expect(lastNames(again.result)).toEqual(expected);
      expect(again.roundTrips).toHaveLength(1);
      expect(again.roundTrips[0]).not.toContain('PREPARE');
      expect(again.roundTrips[0]).toMatch(new RegExp(`SET LOCAL ROLE "acct_[0-9a-f]{32}";\\nSET LOCAL search_path TO "acct_[0-9a-f]{32}";\\nEXECUTE ${name}$`));
    }

    // The next page travels with its cursor as parameters of another statement, prepared the same way.
    const { people } = await b.data('{ people(first: 2) { edges { node { lastName } cursor } pageInfo { endCursor } } }');
    const next = await counter.count(() => b.data('query($after: String) { people(first: 2, after: $after) { edges { node { lastName } cursor } pageInfo { endCursor } } }', { after: people.pageInfo.endCursor }));
    expect(lastNames(next.result)).toEqual(['Birke']);
    expect(next.roundTrips[0]).toMatch(/PREPARE kontor_statement_\d+ AS select .* where \(.*\) > \(\$1::text, \$2::text, \$3::uuid\) .* limit 3;\nEXECUTE kontor_statement_\d+\('biber', '', '[0-9a-f-]{36}'\)$/s);
  });

  it('a refused caller prepares nothing and reads nothing; a filtered page is sent as before', async () => {
    const a = await accountWithPeople(['Ulme']);
    const token = a.token;
    await a.data('mutation { logOut }');
    a.token = token;
    const refused = await counter.count(() => a.request(page));
    expect(refused.result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.result.data).toBeNull();
    expect(refused.roundTrips.join('\n')).not.toContain('PREPARE');

    const b = await accountWithPeople(['Eiche', 'Esche']);
    const filtered = await counter.count(() => b.data('{ people(first: 10, filter: { text: "Esch" }) { edges { node { lastName } } } }'));
    expect(lastNames(filtered.result)).toEqual(['Esche']);
    expect(filtered.roundTrips.join('\n')).not.toMatch(/PREPARE|EXECUTE kontor_statement/);
    // The connection is none the worse for the refusal: the unfiltered page is prepared (or executed) and read as usual.
    expect(lastNames(await b.data(page))).toEqual(['Eiche', 'Esche']);
  });
});
