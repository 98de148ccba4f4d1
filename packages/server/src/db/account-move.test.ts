import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { accountSchemaName } from './account-schema.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { citusNodesOf, type CitusNode } from '../testing/test-cluster.js';
import { withClient } from '../testing/test-database.js';

/**
 * Moving an account to another worker while it is used (`pnpm test:citus`;
 * skipped on plain PostgreSQL): an operator runs `citus_schema_move` (online,
 * by logical replication) while a client keeps writing and reading; no
 * acknowledged write is lost and no request fails beyond one retry.
 */
const nodes = await citusNodesOf(inject('databaseServerUrl'));
const workers = nodes.filter((node) => !node.coordinator);

describe.runIf(workers.length >= 2)('moving an account between workers', () => {
  let app: TestApp;
  let client: TestClient;
  let schema: string;

  beforeAll(async () => {
    app = await startTestApp();
    client = new TestClient(app.url);
    schema = accountSchemaName((await signUpNew(client, { planCode: 'ENTERPRISE' })).auth.account.id);
    for (let i = 0; i < 50; i++) await client.data(`mutation { createPerson(input: { lastName: "Before ${i}" }) { id } }`);
    await placement(); // placed by the app's account placer
  }, 180_000);
  afterAll(async () => {
    await app.stop();
  });

  /** The worker that holds the account's tables (waits for the account placer to put it on one). */
  async function placement(): Promise<CitusNode> {
    for (let waited = 0; waited < 120_000; waited += 250) {
      const rows = await withClient(app.database.adminUrl, async (db) =>
        (
          await db.query<{ host: string; port: number }>(
            `select distinct nodename as host, nodeport as port from citus_shards where citus_table_type = 'schema' and table_name::text like $1 || '.%'`,
            [schema],
          )
        ).rows,
      );
      if (rows.length === 1) return workers.find((worker) => worker.host === rows[0]!.host && worker.port === rows[0]!.port)!;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${schema} was not placed on one worker`);
  }

  /** One request, tried again once when the first answer is an error; the errors it met. */
  async function withOneRetry(query: string): Promise<{ data?: Record<string, any>; errors: string[] }> {
    const errors: string[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await client.request(query).catch((error: Error) => ({ errors: [{ message: error.message, extensions: { code: "NETWORK" } }], data: undefined }));
      if (!response.errors?.length) return { data: response.data!, errors };
      errors.push(response.errors.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; '));
    }
    return { errors };
  }

  it('loses no acknowledged write and fails no request beyond a retry', async () => {
    const from = await placement();
    const to = workers.find((worker) => worker !== from)!;
    const acknowledged: string[] = [];
    const failed: string[][] = [];
    const retried: string[] = [];
    let moving = true;
    let reads = 0;
    const writer = (async () => {
      for (let i = 0; moving || i < 5; i++) {
        const result = await withOneRetry(`mutation { createPerson(input: { lastName: "During ${i}" }) { id } }`);
        if (result.data) acknowledged.push(result.data.createPerson.id as string);
        else failed.push(result.errors);
        retried.push(...result.errors);
      }
    })();
    const reader = (async () => {
      while (moving) {
        const result = await withOneRetry('{ people(first: 5) { totalCount edges { node { id } } } }');
        if (!result.data) failed.push(result.errors);
        retried.push(...result.errors);
        reads++;
      }
    })();

    const started = performance.now();
    try {
      await withClient(app.database.adminUrl, (db) =>
        db.query(`select citus_schema_move($1::regnamespace, $2, $3, shard_transfer_mode := 'force_logical')`, [schema, to.host, to.port]),
      );
    } finally {
      moving = false;
      await Promise.all([writer, reader]);
    }
    const moveMs = Math.round(performance.now() - started);

    expect(await placement()).toEqual(to);
    expect(failed, `requests that failed twice (move took ${moveMs} ms)`).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(5);
    expect(reads).toBeGreaterThan(0);
    // Every acknowledged write is there, on the new worker, read through Kontor as a user would.
    const ids = new Set<string>();
    let after: string | null = null;
    do {
      const page: { people: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await client.data(
        'query($after: String) { people(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      for (const edge of page.people.edges) ids.add(edge.node.id);
      after = page.people.pageInfo.hasNextPage ? page.people.pageInfo.endCursor : null;
    } while (after);
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    expect(ids.size).toBe(50 + acknowledged.length);
    console.info(`moved ${schema} in ${moveMs} ms while ${acknowledged.length} writes and ${reads} reads ran; retried once: ${retried.length} ${retried.slice(0, 3).join(' | ')}`);
  });
});
