import { describe, expect, it } from 'vitest';
import { migratedTestDatabase } from '../testing/migrated-database.js';
import { withClient } from '../testing/test-database.js';
import { consumeRateLimits } from './rate-limit.js';

const test = migratedTestDatabase();

const hits = async (key: string) => (await withClient(test.database.url, (c) => c.query('select hits from rate_limit where key = $1', [key]))).rows[0]?.hits ?? 0;
const hourly = (limit: number) => ({ limit, windowSeconds: 3600 });

describe('consumeRateLimits', () => {
  it('counts several keys in turn in one statement; the first past its limit refuses, and the keys after it are not counted', async () => {
    const checks = [
      { key: 'test:address', rule: hourly(2), what: 'tries from this address' },
      { key: 'test:user', rule: hourly(1), what: 'tries by this user' },
    ];
    await consumeRateLimits(test.orm.em.fork(), checks);
    expect([await hits('test:address'), await hits('test:user')]).toEqual([1, 1]);

    // The user's key is past its limit: refused by it, both counted (as one call after the other would).
    await expect(consumeRateLimits(test.orm.em.fork(), checks)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
    await expect(consumeRateLimits(test.orm.em.fork(), checks)).rejects.toThrow(/Too many tries from this address/);
    // The third time the address's key refuses first: the user's is not counted again.
    expect([await hits('test:address'), await hits('test:user')]).toEqual([3, 2]);
  });
});
