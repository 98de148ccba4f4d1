import type { EntityManager } from '@mikro-orm/postgresql';
import type { RateLimitRule } from '../config/config.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { quoteLiteral } from '../db/sql.js';

/**
 * Counts one attempt for `key` in a fixed window kept in PostgreSQL (so every
 * server process shares it) and refuses with RATE_LIMITED, naming when to
 * try again, once the window's limit is used up.
 */
export async function consumeRateLimit(em: EntityManager, key: string, rule: RateLimitRule, what: string): Promise<void> {
  await consumeRateLimits(em, [{ key, rule, what }]);
}

/**
 * `consumeRateLimit` for several keys in turn, in one round trip: each key
 * counts only when the ones before it were within their limits, and the first
 * one past its limit refuses, as one call after the other would.
 *
 * Committed without waiting for the disk (asynchronous commit) when it runs
 * on its own: requests from one address count on one row, and each would hold
 * that row's lock until its commit reached the disk, so concurrent requests
 * from one address (an office behind one NAT) queued for one flush after
 * another. A crash may forget the last fraction of a second's counts, which
 * lets as many attempts more through once; nothing a user was told is lost.
 * Inside a caller's transaction the setting would cover the caller's writes:
 * there it commits as the transaction does.
 */
export async function consumeRateLimits(em: EntityManager, checks: { key: string; rule: RateLimitRule; what: string }[]): Promise<void> {
  const steps = checks.map(({ key, rule }, i) => {
    const window = Number(rule.windowSeconds);
    // Each later key counts only if the one before it, counted, was within its limit.
    const guard = i === 0 ? '' : `where (select hits from step${i - 1}) <= ${Number(checks[i - 1]!.rule.limit)}`;
    return `step${i} as (
      insert into rate_limit as r (key, window_start, hits)
        select ${quoteLiteral(key)}, to_timestamp(floor(extract(epoch from now()) / ${window}) * ${window}), 1 ${guard}
      on conflict (key) do update set
        hits = case when r.window_start = excluded.window_start then r.hits + 1 else 1 end,
        window_start = excluded.window_start
      returning hits, ceil(extract(epoch from (window_start + make_interval(secs => ${window}) - now())))::int as retry_after)`;
  });
  const answers = checks.map((_, i) => `(select hits from step${i}) as hits${i}, (select retry_after from step${i}) as retry_after${i}`);
  if (!em.isInTransaction()) answers.push(`set_config('synchronous_commit', 'off', true) as asynchronous_commit`);
  const [row] = await em.execute<Record<string, number | null>[]>(`with ${steps.join(',\n')}\nselect ${answers.join(', ')}`);
  checks.forEach(({ rule, what }, i) => {
    // No hits when the key was not counted (a key before it refused).
    if ((row?.[`hits${i}`] ?? 0) > rule.limit) {
      const retryAfterSeconds = Math.max(1, row?.[`retry_after${i}`] ?? 0);
      throw new KontorError(ErrorCode.RATE_LIMITED, `Too many ${what}. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
    }
  });
}
