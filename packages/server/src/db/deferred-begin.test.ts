import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { beginTransaction, deferTransactionStart, inlineParameters, positionalParameters, tableThrough, type TransactionPlan } from './deferred-begin.js';

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

/** Roles belong to the whole server, not one database: a name of this run's own, so concurrent runs never share it. */
const role = `kontor_deferred_${randomBytes(4).toString('hex')}`;
const settings = [`SET LOCAL ROLE ${role}`];
/** A check that passes when `note` 1 exists, and raises (SQLSTATE KN401) otherwise, as the caller check does. */
const checkSql = `SELECT kontor_deferred_check()`;
function recordingCheck() {
  const outcomes: (string | number)[] = [];
  const check: TransactionPlan['check'] = {
    // This database has no kontor_check_caller: the connection's preparation failed, so the plain form travels.
    sql: { plain: checkSql, prepared: 'EXECUTE kontor_check_caller_plan(NULL, NULL, NULL)' },
    passed: () => outcomes.includes(1),
    settle: (error, rows) => outcomes.push(error ? String((error as { code?: string }).code) : rows!.length),
  };
  return { check, outcomes };
}

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  deferTransactionStart(client, (text) => sent.push(text));
  await client.query(`create table note (id int primary key, body text, tags text[], at timestamptz, data bytea)`);
  await client.query(`create table gate (open boolean not null)`);
  await client.query(`insert into gate values (true)`);
  await client.query(`create function kontor_deferred_check() returns boolean language plpgsql as $$
    begin
      if not (select open from gate) then raise exception using errcode = 'KN401', message = 'closed'; end if;
      return true;
    end $$`);
  await client.query(`create role ${role} nologin`);
  // The test database's login role is no superuser: like the app with an account role, it must be a member to SET ROLE.
  await client.query(`grant ${role} to current_user`);
  await client.query(`grant select, insert on note to ${role}`);
});
afterAll(async () => {
  await client.query(`drop owned by ${role}`);
  await client.query(`drop role ${role}`);
  await client.end();
  await database.drop();
});

describe('a transaction that writes', () => {
  it('sends BEGIN, the check and the settings together with the first statement: one round trip instead of four', async () => {
    sent.length = 0;
    const { check, outcomes } = recordingCheck();
    beginTransaction(client, { settings, readOnly: false, check });
    const result = await query('select current_user as who, $1::int + 1 as next', [41]);
    expect(result.rows).toEqual([{ who: role, next: 42 }]);
    await query('select 1');
    await query('COMMIT;');
    expect(sent).toEqual([`BEGIN;\n${checkSql};\nSET LOCAL ROLE ${role};\nselect current_user as who, '41'::int + 1 as next`, 'select 1', 'COMMIT;']);
    expect(outcomes).toEqual([1]);
    expect((await client.query('select current_user as who')).rows[0].who).not.toBe(role);
  });

  it('writes parameters as the same literals pg would send, so results are identical', async () => {
    const values = [1, "it's \\ tricky", ['a', 'b,c', null], new Date('2026-11-27T10:00:00.123Z'), Buffer.from([0, 255])];
    beginTransaction(client, { settings: [], readOnly: false });
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

  it('runs nothing of the first statement when the check refuses the caller', async () => {
    await client.query('update gate set open = false');
    const { check, outcomes } = recordingCheck();
    beginTransaction(client, { settings: [], readOnly: false, check });
    await expect(query('insert into note (id) values ($1)', [2])).rejects.toThrow(/closed/);
    await query('ROLLBACK');
    await client.query('update gate set open = true');
    expect(outcomes).toEqual(['KN401']);
    expect((await client.query('select count(*)::int as n from note where id = 2')).rows[0].n).toBe(0);
  });

  it("lets the ORM's transaction join one its owner began: the ORM's BEGIN is answered here, its COMMIT ends it", async () => {
    sent.length = 0;
    beginTransaction(client, { settings, readOnly: false });
    await query('BEGIN;');
    await query('insert into note (id) values ($1)', [4]);
    await query('COMMIT;');
    expect(sent).toEqual([`BEGIN;\nSET LOCAL ROLE ${role};\ninsert into note (id) values ('4')`, 'COMMIT;']);
    expect((await client.query('select count(*)::int as n from note where id = 4')).rows[0].n).toBe(1);
  });

  it('never sends a transaction in which no statement ran', async () => {
    sent.length = 0;
    beginTransaction(client, { settings, readOnly: false, check: recordingCheck().check });
    await query('COMMIT;');
    expect(sent).toEqual([]);
  });
});

describe('a transaction that only reads', () => {
  it('sends each statement with the settings as its own read-only implicit transaction, and the check until it has passed', async () => {
    sent.length = 0;
    const { check, outcomes } = recordingCheck();
    beginTransaction(client, { settings, readOnly: true, check });
    const [first, second] = await Promise.all([query('select current_user as who'), query('select $1::int as n', [7])]);
    const third = await query('select current_user as who');
    await query('COMMIT;');
    expect([first.rows, second.rows, third.rows]).toEqual([[{ who: role }], [{ n: 7 }], [{ who: role }]]);
    const readOnly = `SET LOCAL transaction_read_only = on;\nSET LOCAL ROLE ${role};\n`;
    // The second statement was issued while the first ran; it waited its turn, and by then the check had passed.
    expect(sent).toEqual([`${checkSql};\n${readOnly}select current_user as who`, `${readOnly}select '7'::int as n`, `${readOnly}select current_user as who`]);
    expect(outcomes).toEqual([1]);
    expect((await client.query('select current_user as who')).rows[0].who).not.toBe(role);
  });

  it('hands rows over as arrays with their column names when asked, while the check in front still gets its row as an object', async () => {
    await client.query(`insert into note (id, body, tags) values (10, 'ten', '{a,b}') on conflict do nothing`);
    const settled: unknown[] = [];
    beginTransaction(client, {
      settings,
      readOnly: true,
      check: { sql: { plain: `SELECT 'live' AS state, 42 AS answer`, prepared: 'EXECUTE kontor_check_caller_plan(NULL, NULL, NULL)' }, passed: () => settled.length > 0, settle: (error, rows) => settled.push(error ?? rows) },
    });
    const table = await tableThrough(client, 'select id, body, tags from note where id = $1', [10]);
    await query('COMMIT;');
    expect(table).toEqual({ columns: ['id', 'body', 'tags'], rows: [[10, 'ten', ['a', 'b']]] });
    expect(settled).toEqual([[{ state: 'live', answer: 42 }]]);
  });

  it('refuses writes', async () => {
    beginTransaction(client, { settings: [], readOnly: true });
    await expect(query('insert into note (id) values ($1)', [3])).rejects.toThrow(/read-only transaction/);
    await query('COMMIT;');
    expect((await client.query('select count(*)::int as n from note where id = 3')).rows[0].n).toBe(0);
  });

  it('sends nothing more once the check has refused the caller', async () => {
    await client.query('update gate set open = false');
    sent.length = 0;
    const { check, outcomes } = recordingCheck();
    beginTransaction(client, { settings, readOnly: true, check });
    await expect(query('select * from note')).rejects.toThrow(/closed/);
    await client.query('update gate set open = true');
    await expect(query('select * from note')).rejects.toThrow(/closed/);
    await query('COMMIT;');
    expect(sent).toHaveLength(1);
    expect(outcomes).toEqual(['KN401']);
  });
});

describe('the caller check prepared on the connection', () => {
  it('travels as EXECUTE of the statement the connection prepared when it connected, and refuses as before', async () => {
    // A stand-in with the real check's signature, raising as it does while the gate is closed.
    await client.query(`create function kontor_check_caller(p_session uuid, p_user uuid, p_account uuid) returns table (answer int)
      language plpgsql as $$
      begin
        if not (select open from gate) then raise exception using errcode = 'KN401', message = 'closed'; end if;
        return query select 42;
      end $$`);
    const prepared = new pg.Client({ connectionString: database.url });
    await prepared.connect();
    const sentThere: string[] = [];
    deferTransactionStart(prepared, (text) => sentThere.push(text));
    const session = '00000000-0000-4000-8000-000000000001';
    const sql = { plain: `SELECT * FROM kontor_check_caller('${session}'::uuid, '${session}'::uuid, NULL)`, prepared: `EXECUTE kontor_check_caller_plan('${session}', '${session}', NULL)` };
    const run = async () => {
      const settled: unknown[] = [];
      beginTransaction(prepared, { settings: [], readOnly: true, check: { sql, passed: () => false, settle: (error, rows) => settled.push(error ? (error as { code?: string }).code : rows) } });
      const answer = await tableThrough(prepared, 'select 1 as one').catch((error: Error) => error.message);
      await new Promise<void>((resolve, reject) =>
        (prepared.query as unknown as (c: object, cb: (e: Error | null) => void) => void)({ text: 'COMMIT;' }, (error) => (error ? reject(error) : resolve())),
      );
      return { answer, settled };
    };
    try {
      expect(await run()).toEqual({ answer: { columns: ['one'], rows: [[1]] }, settled: [[{ answer: 42 }]] });
      await client.query('update gate set open = false');
      expect(await run()).toEqual({ answer: 'closed', settled: ['KN401'] });
      expect(sentThere).toEqual([`${sql.prepared};\nSET LOCAL transaction_read_only = on;\nselect 1 as one`, `${sql.prepared};\nSET LOCAL transaction_read_only = on;\nselect 1 as one`]);
    } finally {
      await client.query('update gate set open = true');
      await client.query('drop function kontor_check_caller(uuid, uuid, uuid)');
      await prepared.end();
    }
  });
});

describe('parameters written in', () => {
  it('does not touch placeholders beyond the values given', () => {
    expect(inlineParameters('select $1, $2, $10', ['a', 'b'])).toBe("select 'a', 'b', $10");
  });

  it('numbers ? placeholders as $n, outside literals and comments', () => {
    expect(positionalParameters(`select ?::uuid, '?', "?" -- ?\nwhere a = ?`)).toBe(`select $1::uuid, '?', "?" -- ?\nwhere a = $2`);
  });

  it('leaves placeholders in string literals, quoted names and comments alone', () => {
    expect(inlineParameters(`select '$1', "$1", $1 -- $1\n/* $1 */`, ['x'])).toBe(`select '$1', "$1", 'x' -- $1\n/* $1 */`);
  });
});
