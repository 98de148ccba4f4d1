import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { silentLogger } from '../logging/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser's URL of the PostgreSQL server on which each test file creates (and drops) its own database. */
    databaseServerUrl: string;
  }
}

/**
 * Once per test run: the PostgreSQL server the tests use. DATABASE_URL when
 * set (CI points it at the machine's server); otherwise an embedded server in
 * a temporary folder, started once and removed at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    project.provide('databaseServerUrl', external);
    return async () => {};
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-test-pg-'));
  await fs.chmod(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir, logger: silentLogger });
  // The superuser: test databases are created (each with a login role of its own, as the app runs) from here.
  project.provide('databaseServerUrl', server.urlFor('postgres'));
  return async () => {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
