import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm } from '../entities.js';
import { silentLogger } from '../logging/logger.js';
import { migrateDatabase } from '../db/migrate.js';
import type { Orm } from '../db/orm.js';
import { createTestDatabase, withClient, type TestDatabase } from '../testing/test-database.js';
import { consumeRateLimits } from './rate-limit.js';

let database: TestDatabase;
let orm: Orm;
beforeAll(async () => {
  database = await createTestDatabase();
  orm = await createOrm(database.url);
  await migrateDatabase(orm, silentLogger);
});
afterAll(async () => {
  await orm.close(true);
  await database.drop();
});

const hits = async (key: string) => (await withClient(database.url, (c) => c.query('select hits from rate_limit where key = $1', [key]))).rows[0]?.hits ?? 0;
const hourly = (limit: number) => ({ limit, windowSeconds: 3600 });

describe('consumeRateLimits', () => {
  it('counts several keys in turn in one statement; the first past its limit refuses, and the keys after it are not counted', async () => {
    const checks = [
      { key: 'test:address', rule: hourly(2), what: 'tries from this address' },
      { key: 'test:user', rule: hourly(1), what: 'tries by this user' },
    ];
    await consumeRateLimits(orm.em.fork(), checks);
    expect([await hits('test:address'), await hits('test:user')]).toEqual([1, 1]);

    // The user's key is past its limit: refused by it, both counted (as one call after the other would).
    await expect(consumeRateLimits(orm.em.fork(), checks)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
    await expect(consumeRateLimits(orm.em.fork(), checks)).rejects.toThrow(/Too many tries from this address/);
    // The third time the address's key refuses first: the user's is not counted again.
    expect([await hits('test:address'), await hits('test:user')]).toEqual([3, 2]);
  });
});
