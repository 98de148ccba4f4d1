import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSchemaName } from '../db/account-schema.js';
import { queryCountingLogger } from '../testing/query-counter.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { accountPlans } from '../testing/query-plans.js';
import { peopleByEmailSql } from '../imports/import-lookups.js';

/**
 * Searches and text filters must stay fast as an account grows, so each must
 * be answerable from an index rather than by reading every row. This asks
 * PostgreSQL for the plan of the very statement the server sent for a
 * request (testing/query-plans.ts), over 9,000 people, 1,000 companies,
 * 1,000 deals and 10,000 tasks and notes.
 */
const counter = queryCountingLogger();
let app: TestApp;
let client: TestClient;
let schema: string;

beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug' }, logger: counter.logger });
  client = new TestClient(app.url);
  const { auth } = await signUpNew(client, { planCode: 'ENTERPRISE' });
  schema = accountSchemaName(auth.account.id);
  await withClient(app.database.url, async (db) => {
    await db.query(`set search_path to ${schema}`);
    await db.query(`insert into company (id, name, emails) select gen_random_uuid(), 'Company ' || i, array['office' || i || '@company.example'] from generate_series(1, 1000) i`);
    await db.query(`insert into person (id, first_name, last_name, emails, company_id)
      select gen_random_uuid(), 'First' || i, 'Last' || lpad(i::text, 5, '0'), array['person' || i || '@example.com'], (select id from company order by id offset i % 1000 limit 1)
      from generate_series(1, 9000) i`);
    await db.query(`insert into deal (id, title, pipeline_id, phase_id)
      select gen_random_uuid(), 'Deal ' || i, ph.pipeline_id, ph.id from generate_series(1, 1000) i, (select id, pipeline_id from phase order by position limit 1) ph`);
    await db.query(`insert into task (id, title) select gen_random_uuid(), 'Call back customer number ' || i from generate_series(1, 10000) i`);
    await db.query(`insert into note (id, body, person_id) select gen_random_uuid(), 'Spoke about contract renewal ' || i, (select id from person limit 1) from generate_series(1, 10000) i`);
    await db.query('analyze');
  });
}, 120_000);
afterAll(async () => {
  await app.stop();
});

function planOf(query: string): Promise<string> {
  return accountPlans({ databaseUrl: app.database.url, counter, client, schema, tables: /\b(person|company|deal|task|note)\b/ })(query);
}

describe('at 10,000 contacts, the index that answers', () => {
  it('search, names: the name indexes of people (both ways round), companies and deals', async () => {
    const plan = await planOf('{ search(query: "last0042", first: 10) { title } }');
    for (const index of ['person_first_name_prefix_idx', 'person_last_name_prefix_idx', 'company_name_prefix_idx', 'deal_title_prefix_idx']) expect(plan).toContain(index);
    expect(plan).not.toMatch(/Seq Scan on (person|company|deal)\b/);
  });

  it('search, words elsewhere (an e-mail): the search indexes of people, companies and deals', async () => {
    const plan = await planOf('{ search(query: "person4242", first: 10) { title } }');
    expect(plan).toContain('person_search_idx');
    expect(plan).toContain('company_search_idx');
    expect(plan).toContain('deal_search_idx');
    expect(plan).not.toMatch(/Seq Scan on (person|company|deal)\b/);
  });

  it('search for a word that starts a ninth of the names: the first page of names from the name indexes, in order, and nothing else', async () => {
    // "first1" starts 1,111 of the 9,000 first names: the page is the first 10 of them in name order, read from the
    // byte-order name index (account migration 0150); ranking all 1,111, as search did before, read every one.
    const plan = await accountPlans({ databaseUrl: app.database.url, counter, client, schema, tables: /\b(person|company|deal)\b/, analyze: true })(
      '{ search(query: "first1", first: 10) { title } }',
    );
    expect(plan).toMatch(/Index Scan using person_first_name_prefix_idx on person \w+ \(actual rows=10 loops=1\)/);
    // The other hits (the word elsewhere than at the start of a name) are not asked for: the page is full.
    expect(plan).not.toContain('person_search_idx');
    const rowsReadFromPeople = [...plan.matchAll(/on person \w+ \(actual rows=(\d+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...rowsReadFromPeople)).toBeLessThanOrEqual(10);
    const { search } = await client.data('{ search(query: "first1", first: 3) { title } }');
    expect(search.map((h: { title: string }) => h.title)).toEqual(['First1 Last00001', 'First10 Last00010', 'First100 Last00100']);
  });

  it('searchAllAccounts: the same indexes in each account', async () => {
    const names = await planOf('{ searchAllAccounts(query: "company 12", first: 10) { title } }');
    expect(names).toContain('company_name_prefix_idx');
    expect(names).not.toMatch(/Seq Scan on (person|company|deal)\b/);
    const words = await planOf('{ searchAllAccounts(query: "office12@", first: 10) { title } }');
    expect(words).toContain('person_search_idx');
    expect(words).toContain('company_search_idx');
    expect(words).not.toMatch(/Seq Scan on (person|company|deal)\b/);
  });

  it('the text filters of people, companies and deals: their search indexes', async () => {
    expect(await planOf('{ people(first: 10, filter: { text: "first77" }) { totalCount edges { node { id } } } }')).toContain('person_search_idx');
    expect(await planOf('{ companies(first: 10, filter: { text: "company 77" }) { totalCount edges { node { id } } } }')).toContain('company_search_idx');
    expect(await planOf('{ deals(first: 10, filter: { text: "deal 77" }) { totalCount edges { node { id } } } }')).toContain('deal_search_idx');
  });

  it('the text filters of tasks and notes: their trigram indexes', async () => {
    const tasks = await planOf('{ tasks(first: 10, filter: { text: "number 4242" }) { totalCount edges { node { id } } } }');
    expect(tasks).toContain('task_title_trgm_idx');
    expect(tasks).not.toMatch(/Seq Scan on task\b/);
    const notes = await planOf('{ notes(first: 10, filter: { text: "renewal 4242" }) { totalCount edges { node { id } } } }');
    expect(notes).toContain('note_body_trgm_idx');
    expect(notes).not.toMatch(/Seq Scan on note\b/);
  });

  it('answers the text filters of tasks and notes with what contains the text, taking % and _ literally', async () => {
    const { tasks } = await client.data('{ tasks(first: 5, filter: { text: "NUMBER 4242" }) { totalCount edges { node { title } } } }');
    expect(tasks.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Call back customer number 4242']);
    expect((await client.data('{ tasks(filter: { text: "number 42%" }) { totalCount } }')).tasks.totalCount).toBe(0);
    expect((await client.data('{ notes(filter: { text: "renewal _" }) { totalCount } }')).notes.totalCount).toBe(0);
    expect((await client.data('{ notes(filter: { text: "newal 100" }) { totalCount } }')).notes.totalCount).toBe(12); // 100, 1000–1009, 10000
  });

  it("an import's look-up of the people a batch duplicates by e-mail: the e-mail index, without case", async () => {
    await withClient(app.database.url, async (db) => {
      await db.query(`set search_path to ${schema}`);
      let n = 0;
      const statement = peopleByEmailSql.replace(/\?/g, () => `$${++n}`);
      const addresses = ['PERSON4242@example.com'.toLowerCase(), 'nobody@example.com'];
      const { rows } = await db.query(`explain ${statement}`, [addresses]);
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('person_emails_idx');
      const found = await db.query(statement, [addresses]);
      expect(found.rows.map((row) => row.email)).toEqual(['person4242@example.com']);
    });
  });

  it('search right after 10,000 people came in (no vacuum since): the index, not a read of every row', async () => {
    // A GIN index's pending list would hold these rows until the next vacuum; every search read through it, and the
    // planner, counting its pages, chose to read the whole table instead (account migration 0140 switches it off).
    const other = new TestClient(app.url);
    const { auth } = await signUpNew(other, { planCode: 'ENTERPRISE' });
    const otherSchema = accountSchemaName(auth.account.id);
    await withClient(app.database.url, async (db) => {
      await db.query(`set search_path to ${otherSchema}`);
      await db.query(`insert into company (id, name) select gen_random_uuid(), 'Holding ' || i from generate_series(1, 1000) i`);
      await db.query(`with companies as (select id, name, row_number() over (order by id) as n from company)
        insert into person (id, first_name, last_name, emails, phones, company_id, company_name)
        select gen_random_uuid(), (array['Anna','Ben','Carla','David','Eva'])[1 + i % 5], case when i % 400 = 0 then 'Zylberstein' else 'Family' || i end,
               array['person' || i || '@example.com', 'private' || i || '@example.org'], array['+49 30 ' || i], c.id, c.name
        from generate_series(1, 10000) i left join companies c on c.n = 1 + i % 1000`);
      await db.query('analyze');
    });
    const plan = await accountPlans({ databaseUrl: app.database.url, counter, client: other, schema: otherSchema, tables: /\b(person|company|deal)\b/ })(
      '{ search(query: "private4242", first: 10) { title } }',
    );
    expect(plan).toContain('person_search_idx');
    expect(plan).not.toMatch(/Seq Scan on person\b/);
  });
});
