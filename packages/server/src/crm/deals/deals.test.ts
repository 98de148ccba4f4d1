import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { signUpNew, TestClient } from '../../testing/test-client.js';
import { withClient } from '../../testing/test-database.js';

let app: TestApp;
let client: TestClient;
let phases: { id: string; name: string }[];

beforeAll(async () => {
  app = await startTestApp();
  client = new TestClient(app.url);
  await signUpNew(client);
  phases = (await client.data('{ pipelines { name phases { id name position } } }')).pipelines[0].phases;
});
afterAll(async () => {
  await app.stop();
});

const dealFields = 'id title value { amountCents currency } probability targetDate status phase { name } pipeline { name } company { name } people { lastName } tags { name }';

describe('deals', () => {
  it('start in the first phase of the default pipeline, with company, contact people, value and tags', async () => {
    expect(phases.map((p) => p.name)).toEqual(['Lead', 'Qualified', 'Proposal', 'Negotiation']);
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Umbrella" }) { id } }');
    const { createPerson } = await client.data('mutation { createPerson(input: { lastName: "Wesker" }) { id } }');
    const { createTag } = await client.data('mutation { createTag(input: { name: "Hot" }) { id } }');
    const { createDeal } = await client.data(`mutation($input: CreateDealInput!) { createDeal(input: $input) { ${dealFields} } }`, {
      input: { title: 'Vaccine supply', companyId: createCompany.id, personIds: [createPerson.id], value: { amountCents: 1250000, currency: 'eur' }, probability: 35, targetDate: '2027-01-31', tagIds: [createTag.id] },
    });
    expect(createDeal).toMatchObject({
      title: 'Vaccine supply',
      value: { amountCents: 1250000, currency: 'EUR' },
      probability: 35,
      targetDate: '2027-01-31',
      status: 'OPEN',
      phase: { name: 'Lead' },
      pipeline: { name: 'Sales' },
      company: { name: 'Umbrella' },
      people: [{ lastName: 'Wesker' }],
      tags: [{ name: 'Hot' }],
    });
  });

  it('move between phases, and each move is recorded in the timeline', async () => {
    const { createDeal } = await client.data('mutation { createDeal(input: { title: "Mover" }) { id } }');
    await client.data(`mutation($id: ID!, $p: ID!) { moveDeal(id: $id, phaseId: $p) { id } }`, { id: createDeal.id, p: phases[2]!.id });
    const { moveDeal } = await client.data(`mutation($id: ID!, $p: ID!) { moveDeal(id: $id, phaseId: $p) { phase { name } timeline { kind fromPhase toPhase } } }`, {
      id: createDeal.id,
      p: phases[1]!.id,
    });
    expect(moveDeal.phase.name).toBe('Qualified');
    expect(moveDeal.timeline).toEqual([
      { kind: 'PHASE_MOVED', fromPhase: 'Proposal', toPhase: 'Qualified' },
      { kind: 'PHASE_MOVED', fromPhase: 'Lead', toPhase: 'Proposal' },
      { kind: 'CREATED', fromPhase: null, toPhase: null },
    ]);
    const recorded = await withClient(app.database.url, async (db) => {
      const { rows } = await db.query(`select nspname from pg_namespace where nspname like 'acct\\_%'`);
      const counts = await Promise.all(rows.map((r) => db.query(`select count(*)::int as n from ${r.nspname}.deal_phase_change where deal_id = $1`, [createDeal.id])));
      return counts.reduce((sum, c) => sum + c.rows[0].n, 0);
    });
    expect(recorded).toBe(2);
  });

  it('list by phase and status, ordered by value', async () => {
    const other = new TestClient(app.url);
    await signUpNew(other);
    const lead = (await other.data('{ pipelines { phases { id } } }')).pipelines[0].phases[0].id;
    await other.data(`mutation { a: createDeal(input: { title: "Small", value: { amountCents: 100 } }) { id } b: createDeal(input: { title: "Big", value: { amountCents: 900 } }) { id } c: createDeal(input: { title: "Won one", status: WON }) { id } }`);
    const list = async (filter: Record<string, unknown>) =>
      (await other.data(`query($f: DealFilter) { deals(filter: $f, orderBy: VALUE_DESC) { totalCount edges { node { title } } } }`, { f: filter })).deals;
    expect((await list({ phaseId: lead, status: 'OPEN' })).edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Big', 'Small']);
    expect((await list({ status: 'WON' })).totalCount).toBe(1);
    expect((await list({ text: 'bi' })).edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Big']);
  });

  it.each([
    [{ title: 'x', probability: 33 }, 'probability'],
    [{ title: 'x', probability: 105 }, 'probability'],
    [{ title: 'x', value: { amountCents: -1 } }, 'value.amountCents'],
    [{ title: 'x', value: { amountCents: 1, currency: 'euro' } }, 'value.currency'],
    [{ title: '' }, 'title'],
    [{ title: 'x', phaseId: '00000000-0000-4000-8000-000000000099' }, 'phaseId'],
  ])('refuse %o naming the field', async (input, field) => {
    const result = await client.request(`mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`, { input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('live in pipelines that owners can extend, and a phase holding deals is not deleted', async () => {
    const { createPipeline } = await client.data('mutation { createPipeline(input: { name: "Renewals", phases: ["Due", "Offered", "Renewed"] }) { id phases { id name position } } }');
    expect(createPipeline.phases.map((p: { name: string }) => p.name)).toEqual(['Due', 'Offered', 'Renewed']);
    const { createPhase } = await client.data(`mutation($p: ID!) { createPhase(input: { pipelineId: $p, name: "Reminded", position: 1 }) { id } }`, { p: createPipeline.id });
    const { pipeline } = await client.data(`query($id: ID!) { pipeline(id: $id) { phases { name position } } }`, { id: createPipeline.id });
    expect(pipeline.phases.map((p: { name: string }) => p.name)).toEqual(['Due', 'Reminded', 'Offered', 'Renewed']);
    await client.data(`mutation($ph: ID!) { createDeal(input: { title: "Renewal 2027", phaseId: $ph }) { id } }`, { ph: createPhase.id });
    const refused = await client.request(`mutation($id: ID!) { deletePhase(id: $id) }`, { id: createPhase.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await client.request(`mutation($id: ID!) { deletePipeline(id: $id) }`, { id: createPipeline.id })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
