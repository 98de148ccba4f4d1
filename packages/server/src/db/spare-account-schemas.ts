import type { MikroORM as Orm } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import { assertAccountSchemaName, createLatestSchema, latestAccountSchemaVersion } from './account-schema.js';
import { quoteIdent, quoteLiteral } from './sql.js';

/**
 * The reserve of spare account schemas (claimed in account-schema.ts).
 * Creating an account's schema means the DDL of every table, index, trigger
 * and function of every account migration: hundreds of milliseconds of
 * catalog work, most of it in PostgreSQL. So a few schemas are made ahead of
 * time (`spare_account_schema`), each with its role and everything at the
 * latest version under a random `acct_…` name, and a new account claims one
 * by renaming it (schema and role) inside its own creating transaction: a
 * failure there rolls the rename and the claim back, and the spare is spare
 * again. Without a spare (a burst larger than the reserve) the schema is
 * created the long way, as before. On Citus too: there a spare lives on the
 * coordinator and is placed on a worker once claimed (account-placement.ts),
 * as a schema created the long way is.
 */

/**
 * Keeps `target` spare schemas at the latest version (drops those an older
 * release made), one at a time, in the background of a server process. Any
 * number of processes may run one: a transaction-level advisory lock lets one
 * of them work at a time.
 */
export class SpareSchemaKeeper {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  /** The reserve's size when this keeper last looked (after its own addition). */
  private lastCount: number | undefined;

  constructor(
    private readonly orm: Orm,
    private readonly target: number,
    private readonly logger: Logger,
  ) {}

  /** Fills up the reserve (again, once the current pass ends, when one is running). */
  wake(): void {
    if (this.stopped || this.target <= 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.fill()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn('spare account schemas could not be prepared', { error }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Fills now and then checks every `everyMs` (claims happen in any process: one cheap count tells). */
  start(everyMs = 2_000): void {
    this.wake();
    this.timer = setInterval(() => this.wake(), everyMs);
    this.timer.unref();
  }

  /** Waits for the pass in progress; starts no more. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass: drops outdated spares and makes new ones until `target` are ready. */
  async fill(): Promise<number> {
    let made = 0;
    while (!this.stopped && (await this.step())) made++;
    return made;
  }

  /** Drops one outdated spare or makes one more; false when the reserve is full (or another process is at it). */
  private async step(): Promise<boolean> {
    return this.orm.em.fork().transactional(async (em) => {
      const [lock] = await em.execute<{ ok: boolean }[]>(`select pg_try_advisory_xact_lock(hashtext('kontor:spare-account-schemas')) as ok`);
      if (!lock!.ok) return false;
      await em.execute('set local statement_timeout = 0');
      const [old] = await em.execute<{ schema_name: string }[]>('select schema_name from spare_account_schema where version <> ? limit 1', [latestAccountSchemaVersion]);
      if (old) {
        assertAccountSchemaName(old.schema_name);
        await em.execute('delete from spare_account_schema where schema_name = ?', [old.schema_name]);
        await em.execute(`drop schema ${quoteIdent(old.schema_name)} cascade; drop role ${quoteIdent(old.schema_name)}`);
        return true;
      }
      const [{ n }] = (await em.execute<{ n: number }[]>('select count(*)::int as n from spare_account_schema')) as [{ n: number }];
      const claimedSinceLastLook = this.lastCount !== undefined && n < this.lastCount;
      this.lastCount = n;
      if (n >= this.target) return false;
      // Accounts are being created right now: their claims get the cores, and the reserve is refilled once they pause
      // (the next look finds no new claim), unless it runs low. Built beside a burst, each spare's DDL slowed every
      // claim of it (createAccount p50 from about 35 to 55-75 ms with four creators on two cores).
      if (claimedSinceLastLook && n > this.target / 4) return false;
      const schemaName = `acct_${randomBytes(16).toString('hex')}`;
      await createLatestSchema(em, schemaName, `insert into spare_account_schema (schema_name, version) values (${quoteLiteral(schemaName)}, ${latestAccountSchemaVersion})`);
      this.lastCount = n + 1;
      return true;
    });
  }
}
