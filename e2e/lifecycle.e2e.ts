import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './support/server.js';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-lifecycle-'));
afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const postgresPid = async () => Number((await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// `npm start` with no DATABASE_URL: the server embeds PostgreSQL in KONTOR_DATA_DIR.
describe('the server process on its embedded database', () => {
  it('starts, stops cleanly on Ctrl-C leaving no PostgreSQL behind, and reuses its data on the next start', async () => {
    // As `npm start` runs it: development mode, where libraries hook signals of their own.
    const env = { DATABASE_URL: '', NODE_ENV: 'development' };
    const first = await startServer(env, dataDir);
    const pid = await postgresPid();
    expect(isAlive(pid)).toBe(true);
    expect(first.output()).toContain('initialising embedded PostgreSQL');
    expect(first.output()).toContain('global schema migrated');
    expect(await first.stop('SIGINT')).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(first.output()).toContain('embedded PostgreSQL stopped');

    const second = await startServer(env, dataDir);
    try {
      expect(second.output()).not.toContain('initialising embedded PostgreSQL');
      expect(second.output()).not.toContain('global schema migrated');
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
  });

  it('finishes a request in flight before it stops', async () => {
    const server = await startServer({ DATABASE_URL: '', NODE_ENV: 'development' }, dataDir);
    // A query that takes a moment, then the signal while it runs.
    const inFlight = fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { databaseUp } }' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const exitCode = server.stop('SIGINT');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await exitCode).toBe(0);
  });
});
