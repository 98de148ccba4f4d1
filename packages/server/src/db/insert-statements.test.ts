import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { migratedTestDatabase } from '../testing/migrated-database.js';
import { Account } from '../accounts/account.entity.js';
import { Plan } from '../accounts/plan.entity.js';
import { withClient } from '../testing/test-database.js';
import { insertTogether } from './insert-statements.js';

const test = migratedTestDatabase();

const slugs = async () => (await withClient(test.database.url, (c) => c.query(`select slug from account where slug like 'together-%' order by slug`))).rows.map((r) => r.slug);

describe('insertTogether', () => {
  it('writes new entities as a flush would, in one round trip, and leaves them unmanaged', async () => {
    const em = test.orm.em.fork();
    const plan = await em.findOneOrFail(Plan, { code: 'TEAM' });
    const accounts = ["together-a", "together-b"].map((slug) => em.create(Account, { name: `O'Neil ${slug}`, slug, plan }, { persist: false }));
    await insertTogether(em, accounts);
    expect(await slugs()).toEqual(['together-a', 'together-b']);
    const [row] = (await withClient(test.database.url, (c) => c.query(`select name, plan_code, schema_name, two_factor_required, created_at from account where slug = 'together-a'`))).rows;
    expect(row).toEqual({ name: "O'Neil together-a", plan_code: 'TEAM', schema_name: accounts[0]!.schemaName, two_factor_required: false, created_at: accounts[0]!.createdAt });
    await em.flush();
    expect(em.getUnitOfWork().getIdentityMap().values()).not.toContain(accounts[0]);
  });

  it('answers a duplicate as a flush does (UniqueConstraintViolationException: what account creation retries on), and a transaction keeps none of the rows', async () => {
    const attempt = test.orm.em.fork().transactional(async (em) => {
      const plan = await em.findOneOrFail(Plan, { code: 'TEAM' });
      await insertTogether(em, ['together-c', 'together-a'].map((slug) => em.create(Account, { name: 'Again', slug, plan }, { persist: false })));
    });
    await expect(attempt).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await slugs()).toEqual(['together-a', 'together-b']);
  });
});
