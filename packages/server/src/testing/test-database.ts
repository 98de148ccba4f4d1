import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { quoteIdent } from '../db/sql.js';
import { withClient, withDatabase } from '../db/pg-client.js';
import { citusNodesOf, dropCitusDatabase, dropCitusRoles, makeCitusDatabase } from './test-cluster.js';

export { withClient, withDatabase };

export interface TestDatabase {
  /** The database, logged in as its own login role: not a superuser, as the app runs in production (db/login-role.ts). */
  url: string;
  /** The same database as the server's superuser: for test set-up that needs more than the app may do. */
  adminUrl: string;
  /** Drops the database, its login role and the account roles its schemas created (roles are server-wide). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database of its own for one test file, on the run's
 * PostgreSQL server, owned by a login role of its own with CREATEROLE and
 * without superuser, which is how the app is meant to connect: the whole
 * suite proves the app needs no superuser.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('databaseServerUrl');
  const name = `kontor_test_${randomBytes(6).toString('hex')}`;
  const role = `${name}_app`;
  const password = randomBytes(12).toString('hex');
  const citusNodes = await citusNodesOf(serverUrl);
  await withClient(serverUrl, async (client) => {
    await client.query(`create role ${quoteIdent(role)} login createrole password '${password}'`);
    await client.query(`create database ${quoteIdent(name)} owner ${quoteIdent(role)}`);
  });
  if (citusNodes.length > 0) await makeCitusDatabase(serverUrl, citusNodes, name, role);
  const adminUrl = withDatabase(serverUrl, name);
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  return {
    url: url.toString(),
    adminUrl,
    drop: async () => {
      const roles = await withClient(adminUrl, async (client) => {
        const result = await client.query<{ nspname: string }>(`select nspname from pg_namespace where nspname ~ '^acct_[0-9a-f]{32}$'`);
        return result.rows.map((row) => row.nspname);
      });
      await dropCitusDatabase(serverUrl, citusNodes, name);
      await withClient(serverUrl, async (client) => {
        await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
        for (const accountRole of roles) await client.query(`drop role if exists ${quoteIdent(accountRole)}`);
        await client.query(`drop role if exists ${quoteIdent(role)}`);
      });
      await dropCitusRoles(serverUrl, citusNodes, [...roles, role]);
    },
  };
}
