import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { quoteIdent } from '../db/sql.js';

export interface TestDatabase {
  url: string;
  /** Drops the database and the account roles its schemas created (roles are server-wide). */
  drop(): Promise<void>;
}

/** A fresh, empty database of its own for one test file, on the run's PostgreSQL server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('databaseServerUrl');
  const name = `kontor_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`create database ${quoteIdent(name)}`));
  const url = withDatabase(serverUrl, name);
  return {
    url,
    drop: async () => {
      const roles = await withClient(url, async (client) => {
        const result = await client.query<{ nspname: string }>(`select nspname from pg_namespace where nspname ~ '^acct_[0-9a-f]{32}$'`);
        return result.rows.map((row) => row.nspname);
      });
      await withClient(serverUrl, async (client) => {
        await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
        for (const role of roles) await client.query(`drop role if exists ${quoteIdent(role)}`);
      });
    },
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
