import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrateDatabase, type MigrationState } from '../db/migrate.js';
import type { Orm } from '../db/orm.js';
import { createOrm } from '../entities.js';
import type { Logger } from '../logging/logger.js';

/** The embedded PostgreSQL that `npm start` runs, when it is running: stopping it would take the server down. */
function runningEmbeddedUrl(dataDir: string): string | undefined {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
  } catch {
    return undefined;
  }
  const password = readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
  // Same user and database as db/embedded-postgres.ts creates.
  return `postgres://kontor:${encodeURIComponent(password)}@127.0.0.1:${lines[3]!.trim()}/kontor`;
}

/**
 * The database a command-line script (`pnpm billing:run`, `pnpm cleanup:run`)
 * works on, migrated: DATABASE_URL, else the embedded PostgreSQL of a running
 * server, else one started for the script and stopped by `close`.
 */
export async function openScriptDatabase(config: Config, logger: Logger): Promise<{ orm: Orm; state: MigrationState; close(): Promise<void> }> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl ?? runningEmbeddedUrl(config.dataDir);
  if (url === undefined) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, logger: logger.child({ component: 'postgres' }) });
    url = embedded.url;
  }
  const orm = await createOrm(url, { pools: config.database });
  const close = async () => {
    await orm.close(true);
    await embedded?.stop();
  };
  try {
    return { orm, state: await migrateDatabase(orm, logger), close };
  } catch (error) {
    await close();
    throw error;
  }
}
