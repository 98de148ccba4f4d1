import type { Logger } from '../logging/logger.js';
import { distributeAccountSchema } from './citus.js';
import type { Orm } from './orm.js';

/**
 * On Citus, puts new accounts on a worker. An account is created on the
 * coordinator (as fast as on one server: citus.ts) and served from there
 * until this places it; Citus then routes its queries to the worker. Every
 * Kontor process runs one; two placing the same account at once is harmless
 * (Citus locks the schema; the second finds it distributed). Accounts that a
 * crash left on the coordinator are placed at the next start.
 */
export class AccountPlacer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Places every account still on the coordinator, oldest first; returns how many it placed. */
  async placePending(): Promise<number> {
    const pending = await this.orm.em.fork().execute<{ schema_name: string }[]>(
      `select a.schema_name from account a
       where a.deleted_at is null and not exists (select 1 from citus_schemas s where s.schema_name::text = a.schema_name)
       order by a.created_at`,
    );
    let placed = 0;
    for (const { schema_name: schemaName } of pending) {
      if (this.stopped) break;
      const started = performance.now();
      try {
        await this.orm.em.fork().transactional((em) => distributeAccountSchema(em, schemaName));
        placed++;
        this.logger.info('account placed on a worker', { schema: schemaName, ms: Math.round(performance.now() - started) });
      } catch (error) {
        // In use right now (a request holds one of its tables), deleted meanwhile, or the cluster is busy: the next round tries again.
        const inUse = (error as { code?: string }).code === '55P03' || /lock timeout/.test(String((error as Error).message));
        if (inUse) this.logger.debug('account in use; placing it later', { schema: schemaName });
        else this.logger.warn('placing an account on a worker failed; retrying later', { schema: schemaName, error });
      }
    }
    return placed;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.placePending()
        .catch((error: unknown) => this.logger.warn('looking for accounts to place failed', { error }))
        .then(() => this.schedule(this.intervalMs));
    }, delayMs);
  }
}
