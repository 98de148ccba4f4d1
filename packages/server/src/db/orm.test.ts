import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm } from '../entities.js';
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
});
