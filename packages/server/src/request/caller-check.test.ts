import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { accountSchemaName } from '../db/account-schema.js';

/**
 * The caller check (session live, membership active) usually travels with a
 * read's first statement, or runs on its own when a resolver answers without
 * the account's data. Whichever way, a refused caller gets the check's error
 * and none of the data.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

async function ownerWithPerson() {
  const client = new TestClient(app.url);
  const { auth } = await signUpNew(client);
  await client.data('mutation { createPerson(input: { lastName: "Hidden" }) { id } }');
  return { client, auth };
}

const peopleQuery = '{ people(first: 10) { totalCount edges { node { lastName } } } }';
const countPeople = (accountId: string) =>
  withClient(app.database.url, async (db) => {
    const schema = accountSchemaName(accountId);
    return Number((await db.query(`select count(*) from ${schema}.person`)).rows[0].count);
  });

describe('the caller check on reads', () => {
  it('lets a member read, and then refuses the same token once the session has ended', async () => {
    const { client } = await ownerWithPerson();
    expect((await client.data(peopleQuery)).people.edges).toEqual([{ node: { lastName: 'Hidden' } }]);
    const token = client.token;
    await client.data('mutation { logOut }');
    client.token = token;
    const result = await client.request(peopleQuery);
    expect(result.errors?.[0]).toMatchObject({ message: 'Your session has ended. Please log in again.', extensions: { code: 'UNAUTHENTICATED' } });
    expect(result.data).toBeNull();
    expect(JSON.stringify(result)).not.toContain('Hidden');
  });

  it('refuses a deactivated member with FORBIDDEN and no data, whether the resolver reads the account or not', async () => {
    const { client, auth } = await ownerWithPerson();
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1`, [auth.account.id]));
    // people reads the account's schema: the check travels with that statement.
    const people = await client.request(peopleQuery);
    expect(people.errors?.[0]).toMatchObject({ message: 'Your access to this account has been deactivated.', extensions: { code: 'FORBIDDEN' } });
    expect(people.data).toBeNull();
    // members reads global tables only: the check runs on its own before anything is answered.
    const members = await client.request('{ members { name email } }');
    expect(members.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(members.data).toBeNull();
    expect(JSON.stringify([people, members])).not.toMatch(/Hidden|@example/);
  });

  it('refuses a token whose membership is gone, without touching the account', async () => {
    const { client, auth } = await ownerWithPerson();
    await withClient(app.database.url, (db) => db.query(`delete from membership where account_id = $1`, [auth.account.id]));
    const result = await client.request(peopleQuery);
    expect(result.errors?.[0]).toMatchObject({ message: 'You are no longer a member of this account.', extensions: { code: 'FORBIDDEN' } });
    expect(result.data).toBeNull();
  });

  it('keeps the signed-in part of a request working for a deactivated member', async () => {
    const { client, auth } = await ownerWithPerson();
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1`, [auth.account.id]));
    const result = await client.request(`{ me { user { email } } person(id: "${crypto.randomUUID()}") { lastName } }`);
    expect(result.data?.me.user.email).toBe(auth.user.email);
    expect(result.data?.person).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('the caller check on changes', () => {
  it('refuses a deactivated member before anything is written', async () => {
    const { client, auth } = await ownerWithPerson();
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1`, [auth.account.id]));
    const result = await client.request('mutation { createPerson(input: { lastName: "Sneaked in" }) { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await countPeople(auth.account.id)).toBe(1);
  });

  it('refuses a logged-out session before anything is written', async () => {
    const { client, auth } = await ownerWithPerson();
    const token = client.token;
    await client.data('mutation { logOut }');
    client.token = token;
    const result = await client.request('mutation { createPerson(input: { lastName: "Sneaked in" }) { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await countPeople(auth.account.id)).toBe(1);
  });
});

describe('the check in the database', () => {
  /** The session, user and account of a new owner's token, and a way to call the check as the login role does. */
  async function owner() {
    const { client, auth } = await ownerWithPerson();
    const claims = JSON.parse(Buffer.from(client.token!.split('.')[1]!, 'base64url').toString()) as { sid: string; sub: string; acc: string };
    const check = (sql: string, params: (string | null)[]) =>
      withClient(app.database.url, async (db) => {
        try {
          return { rows: (await db.query(sql, params)).rows };
        } catch (error) {
          return { code: (error as { code: string }).code };
        }
      });
    return { auth, session: claims.sid, user: claims.sub, account: claims.acc, check };
  }
  const all = 'select * from kontor_check_caller($1, $2, $3)';

  it('is planned as one query, with no function scan, neither in its plain nor in its prepared form', async () => {
    const { session, user, account } = await owner();
    const plans = await withClient(app.database.url, async (db) => {
      const plain = await db.query(`explain (costs off) select * from kontor_check_caller('${session}', '${user}', '${account}')`);
      await db.query('PREPARE check_plan(uuid, uuid, uuid) AS SELECT * FROM kontor_check_caller($1, $2, $3)');
      const prepared = [];
      // The sixth execution onwards may use the generic plan.
      for (let i = 0; i < 7; i++) prepared.push(await db.query(`explain (costs off) execute check_plan('${session}', '${user}', '${account}')`));
      return [plain, ...prepared].map((result) => result.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n'));
    });
    for (const plan of plans) {
      expect(plan).not.toContain('Function Scan');
      expect(plan).toContain('kontor_caller_refusal');
    }
  });

  it('answers the membership facts, no row for an unscoped token, and refuses in the same order as before', async () => {
    const { auth, session, user, account, check } = await owner();
    expect((await check(all, [session, user, account])).rows).toEqual([
      { membership_id: expect.any(String), role: 'OWNER', account_name: 'Acme', slug: expect.any(String), plan_code: 'TEAM', last_active_stale: expect.any(Boolean) },
    ]);
    expect((await check(all, [session, user, null])).rows).toEqual([]);
    // Unknown session, a session of another user, another account, a random account.
    expect(await check(all, [crypto.randomUUID(), user, account])).toEqual({ code: 'KN401' });
    expect(await check(all, [session, crypto.randomUUID(), null])).toEqual({ code: 'KN401' });
    expect(await check(all, [session, user, crypto.randomUUID()])).toEqual({ code: 'KN404' });
    const other = await owner();
    expect(await check(all, [session, user, other.account])).toEqual({ code: 'KN404' });
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1`, [auth.account.id]));
    expect(await check(all, [session, user, account])).toEqual({ code: 'KN403' });
    await withClient(app.database.url, (db) => db.query(`update account set two_factor_required = true where id = $1`, [auth.account.id]));
    // A deactivated membership is refused before the second factor is asked for.
    expect(await check(all, [session, user, account])).toEqual({ code: 'KN403' });
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'ACTIVE' where account_id = $1`, [auth.account.id]));
    expect(await check(all, [session, user, account])).toEqual({ code: 'KN428' });
    await withClient(app.database.url, (db) => db.query(`update session set expires_at = now() - interval '1 second' where id = $1`, [session]));
    expect(await check(all, [session, user, account])).toEqual({ code: 'KN401' });
    expect(await check(all, [session, user, null])).toEqual({ code: 'KN401' });
  });

  it('refuses whichever of its columns a statement reads, or none', async () => {
    const { auth, session, user, account, check } = await owner();
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1`, [auth.account.id]));
    for (const sql of ['select role from kontor_check_caller($1, $2, $3)', 'select 1 from kontor_check_caller($1, $2, $3)', 'select count(*) from kontor_check_caller($1, $2, $3)']) {
      expect(await check(sql, [session, user, account])).toEqual({ code: 'KN403' });
    }
    await withClient(app.database.url, (db) => db.query(`update session set revoked_at = now() where id = $1`, [session]));
    expect(await check('select count(*) from kontor_check_caller($1, $2, $3)', [session, user, null])).toEqual({ code: 'KN401' });
  });
});
