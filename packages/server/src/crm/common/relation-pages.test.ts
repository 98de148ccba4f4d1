import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCountingLogger } from '../../testing/query-counter.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { signUpNew, TestClient } from '../../testing/test-client.js';

/**
 * `Company.people` and `Deal.people` are paged (first ≤ 100); the whole list
 * pages through `people(filter:)`. Timelines are paged the same way.
 */
const counter = queryCountingLogger();
let app: TestApp;
let client: TestClient;
const companyIds: string[] = [];
const dealIds: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug' }, logger: counter.logger });
  client = new TestClient(app.url);
  await signUpNew(client, { planCode: 'BUSINESS' });
  for (let c = 0; c < 3; c++) {
    companyIds.push((await client.data(`mutation { createCompany(input: { name: "Co ${c}" }) { id } }`)).createCompany.id);
  }
  const personIds: string[] = [];
  for (let i = 0; i < 12; i++) {
    const { createPerson } = await client.data('mutation($c: ID!, $n: String!) { createPerson(input: { lastName: $n, companyId: $c }) { id } }', {
      c: companyIds[i % 3],
      n: `P${String(i).padStart(2, '0')}`,
    });
    personIds.push(createPerson.id);
  }
  for (let d = 0; d < 3; d++) {
    const { createDeal } = await client.data('mutation($p: [ID!]) { createDeal(input: { title: "Deal", personIds: $p }) { id } }', { p: personIds.filter((_, i) => i % 3 === d) });
    dealIds.push(createDeal.id);
  }
});
afterAll(async () => {
  await app?.stop();
});

const names = (people: { lastName: string }[]) => people.map((person) => person.lastName);

describe.each([
  ['company', 'companies', 'companyId', () => companyIds],
  ['deal', 'deals', 'dealId', () => dealIds],
] as const)('%s.people', (record, list, filterField, ids) => {
  it('lists every person up to 100 by default, by name', async () => {
    const data = await client.data(`query($id: ID!) { ${record}(id: $id) { people { lastName } } }`, { id: ids()[0] });
    expect(names(data[record].people)).toEqual(['P00', 'P03', 'P06', 'P09']);
  });

  it('gives the first `first` of each, for a page of records in one query per relation', async () => {
    const { result, roundTrips } = await counter.count(() => client.data(`{ ${list}(first: 10) { edges { node { id people(first: 2) { lastName } } } } }`));
    const byRecord = new Map(result[list].edges.map((edge: { node: { id: string; people: { lastName: string }[] } }) => [edge.node.id, names(edge.node.people)]));
    expect(byRecord.get(ids()[1])).toEqual(['P01', 'P04']);
    expect(byRecord.get(ids()[2])).toEqual(['P02', 'P05']);
    // The page of records, then one query for all their people.
    expect(roundTrips).toHaveLength(2);
  });

  it('refuses more than 100 as bad input', async () => {
    const result = await client.request(`query($id: ID!) { ${record}(id: $id) { people(first: 101) { lastName } } }`, { id: ids()[0] });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(result.errors?.[0]?.message).toBe('first must be between 1 and 100.');
  });

  it('pages through the whole list with people(filter:)', async () => {
    const query = `query($f: PersonFilter, $after: String) { people(first: 3, after: $after, filter: $f) { edges { node { lastName } } pageInfo { hasNextPage endCursor } } }`;
    const first = (await client.data(query, { f: { [filterField]: ids()[0] } })).people;
    const second = (await client.data(query, { f: { [filterField]: ids()[0] }, after: first.pageInfo.endCursor })).people;
    expect([...first.edges, ...second.edges].map((edge: { node: { lastName: string } }) => edge.node.lastName)).toEqual(['P00', 'P03', 'P06', 'P09']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });
});

describe.each(['companies', 'deals', 'people'] as const)('the timelines of a page of %s', (list) => {
  it('come in one query, the newest `first` of each', async () => {
    const { result, roundTrips } = await counter.count(() => client.data(`{ ${list}(first: 10) { edges { node { timeline(first: 1) { kind } } } } }`));
    expect(result[list].edges.length).toBeGreaterThanOrEqual(3);
    for (const edge of result[list].edges) expect(edge.node.timeline).toEqual([{ kind: 'CREATED' }]);
    expect(roundTrips).toHaveLength(2);
  });

  it('refuse more than 100 entries as bad input', async () => {
    const result = await client.request(`{ ${list}(first: 1) { edges { node { timeline(first: 101) { kind } } } } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('the tags of a page of records', () => {
  it('come in one query, the first `first` of each by name, and more than 100 is bad input', async () => {
    const tagIds: string[] = [];
    for (const name of ['b', 'a', 'c']) tagIds.push((await client.data(`mutation { createTag(input: { name: "${name}" }) { id } }`)).createTag.id);
    await client.data('mutation($id: ID!, $t: [ID!]) { updateCompany(id: $id, input: { tagIds: $t }) { id } }', { id: companyIds[0], t: tagIds });
    const { result, roundTrips } = await counter.count(() => client.data('{ companies(first: 10) { edges { node { id tags(first: 2) { name } } } } }'));
    const tagged = result.companies.edges.find((edge: { node: { id: string } }) => edge.node.id === companyIds[0]);
    expect(tagged.node.tags).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(roundTrips).toHaveLength(2);
    const refused = await client.request('{ companies(first: 1) { edges { node { tags(first: 101) { name } } } } }');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('the phases of a pipeline', () => {
  it('are at most 100: a longer pipeline and a 101st phase are refused', async () => {
    const phases = (count: number) => Array.from({ length: count }, (_, i) => `Phase ${i}`);
    const tooMany = await client.request('mutation($p: [String!]!) { createPipeline(input: { name: "Long", phases: $p }) { id } }', { p: phases(101) });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phases' });
    const { createPipeline } = await client.data('mutation($p: [String!]!) { createPipeline(input: { name: "Full", phases: $p }) { id } }', { p: phases(100) });
    const another = await client.request('mutation($id: ID!) { createPhase(input: { pipelineId: $id, name: "One more" }) { id } }', { id: createPipeline.id });
    expect(another.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pipelineId' });
    expect((await client.data('{ pipelines { name phases { id } } }')).pipelines.find((p: { name: string }) => p.name === 'Full').phases).toHaveLength(100);
  });
});
