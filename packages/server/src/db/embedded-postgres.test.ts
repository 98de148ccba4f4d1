import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger.js';
import { withClient } from '../testing/test-database.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-embedded-'));
await fs.chmod(dataDir, 0o755);

afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const serverPid = async () => Number((await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded PostgreSQL', () => {
  it('keeps its data from one start to the next, and leaves no process behind when stopped', async () => {
    const first = await startEmbeddedPostgres({ dataDir, logger: silentLogger });
    await withClient(first.url, async (client) => {
      await client.query('create table kept (note text)');
      await client.query("insert into kept values ('still here')");
    });
    const pid = await serverPid();
    await first.stop();
    expect(isAlive(pid)).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir, logger: silentLogger });
    try {
      const rows = await withClient(second.url, async (client) => (await client.query('select note from kept')).rows);
      expect(rows).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('refuses connections without its generated password', async () => {
    const server = await startEmbeddedPostgres({ dataDir, logger: silentLogger });
    try {
      const url = new URL(server.url);
      url.password = 'wrong';
      await expect(withClient(url.toString(), (client) => client.query('select 1'))).rejects.toThrow(/password authentication failed/);
    } finally {
      await server.stop();
    }
  });
});
