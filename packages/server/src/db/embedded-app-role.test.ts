import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../app.js';
import { silentLogger } from '../logging/logger.js';
import { testAppConfig } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/**
 * `npm start`'s embedded PostgreSQL: the app logs in as `kontor_app`, not as
 * the superuser that initdb made, also on a data folder that an earlier
 * Kontor filled while it still ran as the superuser.
 */
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-embedded-role-'));
await fs.chmod(dataDir, 0o755);

afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const configFor = (databaseUrl: string) => testAppConfig(databaseUrl, dataDir);

describe('the embedded PostgreSQL login role', () => {
  it('is not a superuser, and takes over what an earlier Kontor created as the superuser', async () => {
    let postgres = await startEmbeddedPostgres({ dataDir, logger: silentLogger });
    let accountId: string;
    const client = new TestClient('');
    try {
      // Before this change the app ran as the superuser: its tables, functions, schemas and account roles are the superuser's.
      const old = await startApp(configFor(postgres.urlFor('kontor')), silentLogger);
      try {
        (client as { url: string }).url = old.url;
        accountId = (await signUpNew(client, { accountName: 'Older' })).auth.account.id;
        await client.data('mutation { createPerson(input: { lastName: "Kept" }) { id } }');
      } finally {
        await old.close();
      }
    } finally {
      await postgres.stop();
    }

    postgres = await startEmbeddedPostgres({ dataDir, logger: silentLogger });
    try {
      const role = await withClient(postgres.url, async (db) => (await db.query('select current_user as name, rolsuper, rolcreaterole from pg_roles where rolname = current_user')).rows[0]);
      expect(role).toEqual({ name: 'kontor_app', rolsuper: false, rolcreaterole: true });

      const app = await startApp(configFor(postgres.url), silentLogger);
      try {
        (client as { url: string }).url = app.url;
        client.token = undefined;
        const refreshed = await client.data('mutation($id: ID!) { refreshSession(accountId: $id) { accessToken account { name } } }', { id: accountId! });
        expect(refreshed.refreshSession.account.name).toBe('Older');
        client.token = refreshed.refreshSession.accessToken;
        expect((await client.data('{ people { edges { node { lastName } } } }')).people.edges).toEqual([{ node: { lastName: 'Kept' } }]);
        await client.data('mutation { createPerson(input: { lastName: "Added" }) { id } }');
        // A new account now gets its role from kontor_app.
        await signUpNew(new TestClient(app.url), { accountName: 'Newer' });
      } finally {
        await app.close();
      }
    } finally {
      await postgres.stop();
    }
  }, 120_000);
});
