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

  it('commits on its own without waiting for the disk, and leaves the commit of a transaction it runs in as it was', async () => {
    // What synchronous_commit is at each commit that counted: a deferred trigger runs at the commit, as it is made.
    await withClient(test.database.url, (c) =>
      c.query(`create table commit_mode (key text, mode text);
        create function note_commit_mode() returns trigger language plpgsql as $$
          begin insert into commit_mode values (new.key, current_setting('synchronous_commit')); return null; end $$;
        create constraint trigger note_commit_mode after insert or update on rate_limit deferrable initially deferred
          for each row execute function note_commit_mode()`),
    );
    try {
      const check = (key: string) => [{ key, rule: hourly(10), what: 'tries' }];
      await consumeRateLimits(test.orm.em.fork(), check('test:alone'));
      await test.orm.em.fork().transactional(async (em) => {
        await consumeRateLimits(em, check('test:in-transaction'));
        await em.execute(`insert into rate_limit (key, window_start, hits) values ('test:after-it', now(), 1)`);
      });
      // The setting lasts for its own transaction only: the pooled connection's next one commits as before.
      await test.orm.em.fork().execute(`insert into rate_limit (key, window_start, hits) values ('test:next', now(), 1)`);
      const modes = await withClient(test.database.url, (c) => c.query('select key, mode from commit_mode order by key'));
      expect(modes.rows).toEqual([
        { key: 'test:after-it', mode: 'on' },
        { key: 'test:alone', mode: 'off' },
        { key: 'test:in-transaction', mode: 'on' },
        { key: 'test:next', mode: 'on' },
      ]);
    } finally {
      await withClient(test.database.url, (c) => c.query('drop trigger note_commit_mode on rate_limit; drop function note_commit_mode(); drop table commit_mode'));
    }
  });
});
