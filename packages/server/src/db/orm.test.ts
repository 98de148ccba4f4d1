import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createOrm } from '../entities.js';
import { silentLogger } from '../logging/logger.js';
import { accountSchemaName, createAccountSchema, dropAccountSchema } from './account-schema.js';
import { migrateDatabase } from './migrate.js';
import { defaultPoolSettings } from './connection-pools.js';
import type { Orm } from './orm.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';

let database: TestDatabase;
let orm: Orm;
beforeAll(async () => {
  database = await createTestDatabase();
  // A lifetime of half a second instead of ten minutes.
  orm = await createOrm(database.url, { pools: { ...defaultPoolSettings, lookupPoolSize: 2, lookupConnectionLifetimeMs: 500 } });
});
afterAll(async () => {
  await orm.close(true);
  await database.drop();
});

const backendPid = async () => (await orm.em.fork().execute<{ pid: number }[]>('select pg_backend_pid() as pid'))[0]!.pid;

describe("the ORM's own pool (the look-up pool)", () => {
  it('replaces a connection past its lifetime, so that no backend keeps the catalog entries of every schema it touched for ever', async () => {
    const first = await backendPid();
    expect(await backendPid()).toBe(first); // the same connection, taken again at once
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await backendPid()).not.toBe(first);
  });

  it('replaces a connection that created, renamed or dropped its limit of account schemas, and only such a one', async () => {
    await migrateDatabase(orm, silentLogger);
    // One connection, replaced after two schema changes.
    const counted = await createOrm(database.url, { pools: { ...defaultPoolSettings, lookupPoolSize: 1, lookupSchemaChangesPerConnection: 2 } });
    try {
      const pid = async () => (await counted.em.fork().execute<{ pid: number }[]>('select pg_backend_pid() as pid'))[0]!.pid;
      const schemas = [randomUUID(), randomUUID()].map(accountSchemaName);
      const first = await pid();
      // Look-ups, however many, never wear a connection out.
      for (let i = 0; i < 5; i++) expect(await pid()).toBe(first);
      await counted.em.fork().transactional((em) => createAccountSchema(em, schemas[0]!));
      expect(await pid()).toBe(first);
      await counted.em.fork().transactional((em) => createAccountSchema(em, schemas[1]!));
      const second = await pid();
      expect(second).not.toBe(first);
      for (const schema of schemas) await counted.em.fork().transactional((em) => dropAccountSchema(em, schema));
      expect(await pid()).not.toBe(second);
    } finally {
      await counted.close(true);
    }
  });
});
