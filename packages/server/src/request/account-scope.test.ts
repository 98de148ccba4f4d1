import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Orm } from '../db/orm.js';
import { createOrm } from '../entities.js';
import { migrateDatabase } from '../db/migrate.js';
import { silentLogger } from '../logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { User } from '../auth/user.entity.js';
import { Account } from '../accounts/account.entity.js';
import { AccountScope } from './account-scope.js';
import { createAccount } from '../accounts/account.service.js';
import { findPlan } from '../accounts/plans.js';
import { Role } from '../accounts/roles.js';

let database: TestDatabase;
let orm: Orm;
let accountA: Account;
let accountB: Account;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await createOrm(database.url);
  await migrateDatabase(orm, silentLogger);
  const em = orm.em.fork();
  const user = em.create(User, { email: 'scope@example.com', passwordHash: 'x', name: 'Scope' });
  await em.flush();
  userId = user.id;
  const plan = await findPlan(em, 'TEAM', 'planCode');
  accountA = await createAccount(em, user.id, 'A', plan, 20, 'en');
  accountB = await createAccount(em, user.id, 'B', plan, 20, 'en');
});

afterAll(async () => {
  await orm.close(true);
  await database.drop();
});

const scopeOf = (account: Account) =>
  AccountScope.verified(
    orm,
    { account: { id: account.id, name: account.name, slug: account.slug, schemaName: account.schemaName, planCode: 'TEAM' }, membership: { id: 'm', role: Role.OWNER } },
    userId,
  );

describe('the account scope', () => {
  it("works in its own account's schema", async () => {
    const scope = scopeOf(accountA);
    const em = await scope.em();
    await em.execute(`insert into ${accountA.schemaName}.account_setting (key, value) values ('theme', '"dark"')`);
    await scope.finish(true);
    const rows = await orm.em.fork().execute(`select value from ${accountA.schemaName}.account_setting where key = 'theme'`);
    expect(rows).toEqual([{ value: 'dark' }]);
  });

  it("is refused by PostgreSQL itself when its SQL names another account's schema", async () => {
    const scope = scopeOf(accountA);
    const em = await scope.em();
    await expect(em.execute(`select * from ${accountB.schemaName}.account_setting`)).rejects.toThrow(/permission denied for schema/);
    await scope.finish(false);
  });

  it('cannot reach the global tables either', async () => {
    // Unqualified, the name does not even resolve (the search path is the account's schema alone)…
    const unqualified = scopeOf(accountA);
    await expect((await unqualified.em()).execute('select email from app_user')).rejects.toThrow(/relation "app_user" does not exist/);
    await unqualified.finish(false);
    // …and qualified, the role may not read it.
    const qualified = scopeOf(accountA);
    await expect((await qualified.em()).execute('select email, password_hash from public.app_user')).rejects.toThrow(/permission denied for table app_user/);
    await qualified.finish(false);
  });

  it('rolls back what a failed request wrote', async () => {
    const scope = scopeOf(accountA);
    const em = await scope.em();
    await em.execute(`insert into ${accountA.schemaName}.account_setting (key, value) values ('lost', '1')`);
    await scope.finish(false);
    expect(await orm.em.fork().execute(`select 1 from ${accountA.schemaName}.account_setting where key = 'lost'`)).toEqual([]);
  });

  it('refuses to be used after its request finished', async () => {
    const scope = scopeOf(accountA);
    await scope.finish(true);
    expect(() => scope.em()).toThrow(/has finished/);
  });
});
