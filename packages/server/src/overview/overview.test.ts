import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSchemaName } from '../db/account-schema.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const overviewQuery = `query($today: String) { accountOverview(today: $today) {
  pipeline { pipelineName phaseName currency openDeals valueCents weightedValueCents }
  dealsByMonth { month won lost }
  tasksDoneByWeek { weekStart done }
} }`;

describe('the account overview', () => {
  it('sums the open pipeline by phase (value and weighted by probability), counts decisions per month and tasks done per week', async () => {
    const client = new TestClient(app.url);
    const { auth } = await signUpNew(client);
    const schema = accountSchemaName(auth.account.id);
    const { pipelines } = await client.data('{ pipelines { id phases { id name } } }');
    const [lead, qualified] = pipelines[0].phases as { id: string; name: string }[];
    const deal = async (phaseId: string, valueCents: number, probability: number, currency = 'EUR') =>
      (await client.data('mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }', { i: { title: 'D', phaseId, value: { amountCents: valueCents, currency }, probability } })).createDeal.id;
    await deal(lead!.id, 10_000, 50);
    await deal(lead!.id, 20_000, 25);
    await deal(lead!.id, 5_000, 100, 'USD');
    await deal(qualified!.id, 30_000, 0);
    const won = await deal(qualified!.id, 99_000, 90);
    const lost = await deal(qualified!.id, 1_000, 10);
    await client.data('mutation($id: ID!) { updateDeal(id: $id, input: { status: WON }) { id } }', { id: won });
    await client.data('mutation($id: ID!) { updateDeal(id: $id, input: { status: LOST }) { id } }', { id: lost });
    // Decided in earlier months, and a task done two weeks ago.
    await withClient(app.database.url, (db) => db.query(`update ${schema}.deal set updated_at = '2026-01-15T12:00:00Z' where id = $1`, [lost]));
    const task = (await client.data('mutation { createTask(input: { title: "T" }) { id } }')).createTask.id;
    await client.data('mutation($id: ID!) { updateTask(id: $id, input: { done: true }) { id } }', { id: task });
    await withClient(app.database.url, (db) => db.query(`update ${schema}.task set done_at = '2026-03-04T10:00:00Z' where id = $1`, [task]));
    await withClient(app.database.url, (db) => db.query(`update ${schema}.deal set updated_at = '2026-03-02T10:00:00Z' where id = $1`, [won]));

    const { accountOverview } = await client.data(overviewQuery, { today: '2026-03-18' });
    const rows = accountOverview.pipeline.filter((row: { openDeals: number }) => row.openDeals > 0);
    expect(rows).toEqual([
      { pipelineName: expect.any(String), phaseName: lead!.name, currency: 'EUR', openDeals: 2, valueCents: 30_000, weightedValueCents: 10_000 },
      { pipelineName: expect.any(String), phaseName: lead!.name, currency: 'USD', openDeals: 1, valueCents: 5_000, weightedValueCents: 5_000 },
      { pipelineName: expect.any(String), phaseName: qualified!.name, currency: 'EUR', openDeals: 1, valueCents: 30_000, weightedValueCents: 0 },
    ]);
    // Every phase is there, empty ones with null currency.
    expect(accountOverview.pipeline.filter((row: { openDeals: number }) => row.openDeals === 0).every((row: { currency: null }) => row.currency === null)).toBe(true);
    expect(accountOverview.dealsByMonth).toHaveLength(12);
    expect(accountOverview.dealsByMonth[0].month).toBe('2025-04');
    expect(accountOverview.dealsByMonth.at(-1)).toEqual({ month: '2026-03', won: 1, lost: 0 });
    expect(accountOverview.dealsByMonth.find((m: { month: string }) => m.month === '2026-01')).toEqual({ month: '2026-01', won: 0, lost: 1 });
    expect(accountOverview.tasksDoneByWeek).toHaveLength(12);
    expect(accountOverview.tasksDoneByWeek.at(-1)).toEqual({ weekStart: '2026-03-16', done: 0 });
    expect(accountOverview.tasksDoneByWeek.find((w: { weekStart: string }) => w.weekStart === '2026-03-02')).toEqual({ weekStart: '2026-03-02', done: 1 });
  });
});
