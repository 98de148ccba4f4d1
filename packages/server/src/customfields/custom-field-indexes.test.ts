import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSchemaName } from '../db/account-schema.js';
import { queryCountingLogger } from '../testing/query-counter.js';
import { accountPlans } from '../testing/query-plans.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

/**
 * Every kind of custom field filter, and a sort by a custom field, must be
 * answerable from the field's own index over 10,000 contacts: the plan of the
 * very statement the server sent (testing/query-plans.ts).
 */
const counter = queryCountingLogger();
let app: TestApp;
let client: TestClient;
let schema: string;
const fields: Record<string, { id: string; column: string; choices: { id: string }[] }> = {};
let planOf: (query: string, variables?: Record<string, unknown>) => Promise<string>;

async function define(name: string, type: string, extra = ''): Promise<void> {
  const { createCustomField } = await client.data(`mutation { createCustomField(input: { recordType: PERSON, name: "${name}", type: ${type} ${extra} }) { id choices { id } } }`);
  fields[name] = { ...createCustomField, column: `cf_${createCustomField.id.replace(/-/g, '').slice(0, 12)}` };
}

beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug' }, logger: counter.logger });
  client = new TestClient(app.url);
  const { auth } = await signUpNew(client, { planCode: 'ENTERPRISE' });
  schema = accountSchemaName(auth.account.id);
  planOf = accountPlans({ databaseUrl: app.database.url, counter, client, schema, tables: /\bperson\b/ });
  await define('Region', 'TEXT');
  await define('Revenue', 'MONEY', 'currency: "EUR"');
  await define('Employees', 'NUMBER');
  await define('Renewal', 'DATE');
  await define('VIP', 'CHECKBOX');
  await define('Source', 'SINGLE_CHOICE', 'choices: [{ label: "Fair" }, { label: "Web" }, { label: "Referral" }]');
  await define('Topics', 'MULTIPLE_CHOICE', 'choices: [{ label: "Sales" }, { label: "Support" }, { label: "Billing" }]');
  const c = (name: string) => `"${fields[name]!.column}"`;
  const choice = (name: string, i: number) => `'${fields[name]!.choices[i]!.id}'::uuid`;
  await withClient(app.database.url, async (db) => {
    await db.query(`set search_path to ${schema}`);
    // Every seventh person has no values at all, so "is empty" and paging past empty values have something to find.
    await db.query(`insert into person (id, first_name, last_name, ${c('Region')}, ${c('Revenue')}, ${c('Employees')}, ${c('Renewal')}, ${c('VIP')}, ${c('Source')}, ${c('Topics')})
      select gen_random_uuid(), 'First' || i, 'Last' || lpad(i::text, 5, '0'),
        case when i % 7 = 0 then null else 'Region ' || (i % 500) || ' ' || md5((i % 500)::text) end,
        case when i % 7 = 0 then null else (i * 10.5) end,
        case when i % 7 = 0 then null else i % 1000 end,
        case when i % 7 = 0 then null else date '2026-01-01' + (i % 700) end,
        case when i % 7 = 0 then null else i % 2 = 0 end,
        case when i % 7 = 0 then null when i % 3 = 0 then ${choice('Source', 0)} when i % 3 = 1 then ${choice('Source', 1)} else ${choice('Source', 2)} end,
        case when i % 7 = 0 then null when i % 5 = 0 then array[${choice('Topics', 0)}, ${choice('Topics', 2)}] else array[${choice('Topics', 1)}] end
      from generate_series(1, 10000) i`);
    await db.query('analyze');
  });
}, 180_000);
afterAll(async () => {
  await app.stop();
});

const page = 'totalCount edges { node { id } }';
const filtered = (condition: Record<string, unknown>) => planOf(`query($c: [CustomFieldCondition!]) { people(first: 10, filter: { customFields: $c }) { ${page} } }`, { c: [condition] });

describe('at 10,000 contacts, custom field filters and sorts read the field\'s index', () => {
  it('text equals (case aside): the b-tree of its lower case; contains: the trigram index', async () => {
    const { id, column } = fields.Region!;
    // md5('42') = a1d0c6e83f027327d8461063f4ac58a6: text whose trigrams tell rows apart, as real values do.
    for (const [condition, index] of [
      [{ fieldId: id, text: 'region 42 A1D0C6E83F027327D8461063F4AC58A6' }, `${column}_idx`],
      [{ fieldId: id, isSet: true }, `${column}_idx`],
      [{ fieldId: id, contains: 'c6e83f02' }, `${column}_gin_idx`],
    ] as const) {
      const plan = await filtered(condition);
      expect(plan, JSON.stringify(condition)).toContain(index);
      expect(plan).not.toMatch(/Seq Scan on person\b/);
    }
  });

  it('numbers, money and dates, equal and in ranges: the b-tree', async () => {
    for (const [name, condition] of [
      ['Employees', { number: 42 }],
      ['Employees', { min: 10, max: 20 }],
      ['Revenue', { min: 1000, max: 2000 }],
      ['Renewal', { date: '2026-02-01' }],
      ['Renewal', { from: '2026-02-01', to: '2026-02-14' }],
      ['VIP', { checked: true }],
    ] as const) {
      const plan = await filtered({ fieldId: fields[name]!.id, ...condition });
      expect(plan, `${name} ${JSON.stringify(condition)}`).toContain(`${fields[name]!.column}_idx`);
      expect(plan).not.toMatch(/Seq Scan on person\b/);
    }
  });

  it('is set and is empty: the b-tree', async () => {
    for (const isSet of [true, false]) {
      const plan = await filtered({ fieldId: fields.Employees!.id, isSet });
      expect(plan).toContain(`${fields.Employees!.column}_idx`);
      expect(plan).not.toMatch(/Seq Scan on person\b/);
    }
  });

  it('any of some choices: the b-tree of a single choice, the GIN index of a multiple choice', async () => {
    const single = await filtered({ fieldId: fields.Source!.id, anyOf: [fields.Source!.choices[0]!.id] });
    expect(single).toContain(`${fields.Source!.column}_idx`);
    const multiple = await filtered({ fieldId: fields.Topics!.id, anyOf: [fields.Topics!.choices[2]!.id] });
    expect(multiple).toContain(`${fields.Topics!.column}_gin_idx`);
    expect(single + multiple).not.toMatch(/Seq Scan on person\b/);
  });

  it('a sort by a custom field: its b-tree, in both directions', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const plan = await planOf(`query($o: CustomFieldOrder) { people(first: 10, orderByCustomField: $o) { edges { node { id } } } }`, {
        o: { fieldId: fields.Employees!.id, direction },
      });
      expect(plan).toContain(`${fields.Employees!.column}_idx`);
      expect(plan).not.toMatch(/Seq Scan on person\b/);
    }
  });

  it('answer what the conditions say, and page a sort through the records without a value', async () => {
    const count = async (condition: Record<string, unknown>) =>
      (await client.data(`query($c: [CustomFieldCondition!]) { people(filter: { customFields: $c }) { totalCount } }`, { c: [condition] })).people.totalCount;
    expect(await count({ fieldId: fields.Region!.id, text: 'REGION 42 A1D0C6E83F027327D8461063F4AC58A6' })).toBe(17); // i % 500 = 42, without the multiples of 7
    expect(await count({ fieldId: fields.Region!.id, contains: 'C6E83F02' })).toBe(17);
    expect(await count({ fieldId: fields.Region!.id, contains: '%' })).toBe(0);
    expect(await count({ fieldId: fields.Employees!.id, isSet: false })).toBe(1428);
    expect(await count({ fieldId: fields.Employees!.id, number: 42, isSet: true })).toBe(8);
    expect(await count({ fieldId: fields.Topics!.id, anyOf: [fields.Topics!.choices[0]!.id] })).toBe(1715);

    // Last00400 to Last00499: 100 people, 14 of them (multiples of 7) without a value. Pages of 7 see each once, in order,
    // the empty ones last ascending and first descending.
    for (const direction of ['ASC', 'DESC']) {
      const seen: (number | null)[] = [];
      let after: string | null = null;
      do {
        const { people }: { people: { edges: { node: { customFields: { number?: number; field: { id: string } }[] } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } =
          await client.data(
            `query($o: CustomFieldOrder, $after: String) { people(first: 7, after: $after, orderByCustomField: $o, filter: { text: "last004" }) {
              edges { node { customFields { field { id } ... on NumberValue { number } } } } pageInfo { hasNextPage endCursor } } }`,
            { o: { fieldId: fields.Employees!.id, direction }, after },
          );
        for (const edge of people.edges) seen.push(edge.node.customFields.find((v) => v.field.id === fields.Employees!.id)?.number ?? null);
        after = people.pageInfo.hasNextPage ? people.pageInfo.endCursor : null;
      } while (after && seen.length < 200);
      expect(seen).toHaveLength(100);
      const numbers = seen.filter((n): n is number => n !== null);
      expect(numbers).toEqual([...numbers].sort((x, y) => (direction === 'ASC' ? x - y : y - x)));
      expect(seen.filter((n) => n === null)).toHaveLength(14);
      expect(direction === 'ASC' ? seen.indexOf(null) : seen.lastIndexOf(null)).toBe(direction === 'ASC' ? 86 : 13);
    }
  });
});
