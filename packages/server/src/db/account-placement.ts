import pg from 'pg';
import type { Logger } from '../logging/logger.js';
import { distributeAccountSchema } from './citus.js';
import { latestAccountSchemaVersion } from './account-schema.js';

/**
 * On Citus, puts new accounts on a worker. An account is created on the
 * coordinator (as fast as on one server: citus.ts) and served from there
 * until this places it; Citus then routes its queries to the worker. Every
 * Kontor process runs one; two placing the same account at once is harmless
 * (Citus locks the schema; the second finds it distributed). Accounts that a
 * crash left on the coordinator are placed at the next start. It works over a
 * connection of its own, outside the request pools: its once-a-second look
 * never takes a request's connection, nor shows among a request's statements.
 */
export class AccountPlacer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private client: pg.Client | undefined;

  constructor(
    private readonly databaseUrl: string,
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
    await this.client?.end().catch(() => undefined);
  }

  /**
   * Places every account still on the coordinator, oldest first; returns how
   * many it placed. Only accounts at the latest version: older migrations
   * made a trigger that Citus refuses on a distributed table (0050 drops it),
   * and an account behind is migrated first anyway (account-schemas.ts).
   */
  async placePending(): Promise<number> {
    const client = await this.connection();
    const pending = await client.query<{ schema_name: string }>(
      `select a.schema_name from account a
       where a.deleted_at is null and a.schema_version >= $1
         and not exists (select 1 from citus_schemas s where s.schema_name::text = a.schema_name)
       order by a.created_at`,
      [latestAccountSchemaVersion],
    );
    let placed = 0;
    for (const { schema_name: schemaName } of pending.rows) {
      if (this.stopped) break;
      const started = performance.now();
      try {
        await client.query('begin');
        await distributeAccountSchema(async (sql, params) => (await client.query(sql, params)).rows, schemaName);
        await client.query('commit');
        placed++;
        this.logger.info('account placed on a worker', { schema: schemaName, ms: Math.round(performance.now() - started) });
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        // In use right now (a request holds one of its tables), deleted meanwhile, or the cluster is busy: the next round tries again.
        if ((error as { code?: string }).code === '55P03') this.logger.debug('account in use; placing it later', { schema: schemaName });
        else this.logger.warn('placing an account on a worker failed; retrying later', { schema: schemaName, error });
      }
    }
    return placed;
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'kontor account placer' });
    // A lost connection is replaced at the next round.
    client.on('error', () => {
      if (this.client === client) this.client = undefined;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.placePending()
        .catch((error: unknown) => {
          this.client?.end().catch(() => undefined);
          this.client = undefined;
          this.logger.warn('looking for accounts to place failed', { error });
        })
        .then(() => this.schedule(this.intervalMs));
    }, delayMs);
  }
}
