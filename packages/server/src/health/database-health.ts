import type { Orm } from '../db/orm.js';

export interface DatabaseHealth {
  ok: boolean;
  latencyMs: number;
  /** Why the check failed: for the log only, never for the public answer (it may name hosts, roles or databases). */
  error?: string;
}

/** Asks the database for `select 1`, with a deadline so a hung server reads as down, not as slow. */
export async function checkDatabase(orm: Orm, timeoutMs = 2000): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      orm.em.fork().execute('select 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
