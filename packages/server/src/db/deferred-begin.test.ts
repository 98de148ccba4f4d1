import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { deferredSetting, deferTransactionStart, inlineParameters } from './deferred-begin.js';

let database: TestDatabase;
let client: pg.Client;
const sent: string[] = [];

/** Issues a query the way knex does: (config, callback). */
const query = (text: string, values: unknown[] = []) =>
  new Promise<pg.QueryResult>((resolve, reject) =>
    (client.query as unknown as (c: object, cb: (e: Error | null, r: pg.QueryResult) => void) => void)({ text, values }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  deferTransactionStart(client, (text) => sent.push(text));
  await client.query(`create table note (id int primary key, body text, tags text[], at timestamptz, data bytea)`);
  await client.query(`create role kontor_deferred_test nologin`);
  await client.query(`grant select, insert on note to kontor_deferred_test`);
});
afterAll(async () => {
  await client.query('drop owned by kontor_deferred_test');
  await client.query('drop role kontor_deferred_test');
  await client.end();
  await database.drop();
});

describe('deferred transaction start', () => {
  it('sends BEGIN and the settings together with the first statement: one round trip instead of three', async () => {
    sent.length = 0;
    await query('BEGIN;');
    await query(`${deferredSetting}set local role kontor_deferred_test`);
    const result = await query('select current_user as who, $1::int + 1 as next', [41]);
    expect(result.rows).toEqual([{ who: 'kontor_deferred_test', next: 42 }]);
    await query('COMMIT;');
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^BEGIN;\n\/\* kontor:deferred \*\/ set local role kontor_deferred_test;\nselect current_user as who, '41'::int \+ 1 as next$/);
    expect(sent[1]).toBe('COMMIT;');
    expect((await client.query('select current_user as who')).rows[0].who).not.toBe('kontor_deferred_test');
  });

  it('writes parameters as the same literals pg would send, so results are identical', async () => {
    const values = [1, "it's \\ tricky", ['a', 'b,c', null], new Date('2026-11-27T10:00:00.123Z'), Buffer.from([0, 255])];
    await query('BEGIN;');
    await query('insert into note (id, body, tags, at, data) values ($1, $2, $3, $4, $5) returning *', values);
    await query('COMMIT;');
    const row = (await client.query('select * from note where id = 1')).rows[0];
    expect(row).toEqual({ id: 1, body: "it's \\ tricky", tags: ['a', 'b,c', null], at: new Date('2026-11-27T10:00:00.123Z'), data: Buffer.from([0, 255]) });
  });

  it('reports an error of the first statement and leaves the transaction to be rolled back', async () => {
    await query('BEGIN;');
    await expect(query('insert into note (id) values ($1)', [1])).rejects.toThrow(/duplicate key/);
    await query('ROLLBACK');
    expect((await client.query('select count(*)::int as n from note')).rows[0].n).toBe(1);
  });

  it('never sends a transaction in which no statement ran', async () => {
    sent.length = 0;
    await query('BEGIN;');
    await query(`${deferredSetting}set local role kontor_deferred_test`);
    await query('COMMIT;');
    expect(sent).toEqual([]);
  });

  it('does not touch placeholders beyond the values given', () => {
    expect(inlineParameters('select $1, $2, $10', ['a', 'b'])).toBe("select 'a', 'b', $10");
  });
});
