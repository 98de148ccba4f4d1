import type { EntityManager } from '@mikro-orm/postgresql';
import type { RateLimitRule } from '../config/config.js';
import { ErrorCode, KontorError } from '../errors/errors.js';

/**
 * Counts one attempt for `key` in a fixed window kept in PostgreSQL (so every
 * server process shares it) and refuses with RATE_LIMITED, naming when to
 * try again, once the window's limit is used up.
 */
export async function consumeRateLimit(em: EntityManager, key: string, rule: RateLimitRule, what: string): Promise<void> {
  const [row] = await em.execute<{ hits: number; retry_after: number }[]>(
    `insert into rate_limit as r (key, window_start, hits)
       values (?, to_timestamp(floor(extract(epoch from now()) / ?) * ?), 1)
     on conflict (key) do update set
       hits = case when r.window_start = excluded.window_start then r.hits + 1 else 1 end,
       window_start = excluded.window_start
     returning hits, ceil(extract(epoch from (window_start + make_interval(secs => ?) - now())))::int as retry_after`,
    [key, rule.windowSeconds, rule.windowSeconds, rule.windowSeconds],
  );
  if (row && row.hits > rule.limit) {
    const retryAfterSeconds = Math.max(1, row.retry_after);
    throw new KontorError(ErrorCode.RATE_LIMITED, `Too many ${what}. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }
}
