import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, startTestApp, type TestApp } from '../testing/test-app.js';
import { withClient, withDatabase } from '../testing/test-database.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.stop();
});

describe('health', () => {
  it('answers 200 on /healthz with the database status', async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', version: '0.1.0', database: { ok: true } });
  });

  it('answers the health query over GraphQL', async () => {
    const result = await graphql(app.url, '{ health { databaseUp version } }');
    expect(result).toEqual({ data: { health: { databaseUp: true, version: '0.1.0' } } });
  });

  it('answers 503 while the database refuses connections, and 200 again when it is back', async () => {
    const name = new URL(app.database.url).pathname.slice(1);
    const admin = withDatabase(app.database.url, 'postgres');
    await withClient(admin, async (client) => {
      await client.query(`alter database "${name}" allow_connections false`);
      await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    });
    try {
      const response = await fetch(`${app.url}/healthz`);
      expect(response.status).toBe(503);
      // A generic answer: PostgreSQL's error text names the database and is for the log, not the public.
      const body = await response.json();
      expect(body).toEqual({ status: 'unavailable', version: '0.1.0', database: { ok: false, latencyMs: expect.any(Number) } });
      expect(JSON.stringify(body)).not.toContain(name);
    } finally {
      await withClient(admin, (client) => client.query(`alter database "${name}" allow_connections true`));
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('hides internal details of a malformed request behind a typed error', async () => {
    const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  });
});
