import fs from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { createDatabase, startServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The server's log: mail kept in the outbox is written there (see support/app.ts verificationLinkFromLog). */
    serverLog: string;
  }
}

/** One server for the browser tests, on a database of its own, stopped and removed at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await createDatabase();
  // The server works background jobs (imports) as a production one does. Every browser of the run comes from one
  // address, so the per-client limits on sign-ups and log-ins (tested in the server's suite) would count the whole
  // run as one visitor: here they are raised to what a run needs.
  const server = await startServer({
    KONTOR_JOB_WORKER: 'true',
    KONTOR_ACCOUNT_CREATIONS_PER_CLIENT: '1000',
    KONTOR_AUTH_ATTEMPTS_PER_CLIENT: '1000',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  project.provide('baseUrl', server.url);
  project.provide('serverLog', server.logFile);
  return async () => {
    const code = await server.stop();
    if (code !== 0) process.stderr.write(`the e2e server exited with ${code}:\n${server.output().slice(-4000)}\n`);
    await database?.drop();
    await fs.rm(server.dataDir, { recursive: true, force: true });
  };
}
