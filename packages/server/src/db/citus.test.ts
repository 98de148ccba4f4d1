import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { accountSchemaName } from './account-schema.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { citusNodesOf, nodeUrl } from '../testing/test-cluster.js';
import { withClient } from '../testing/test-database.js';
import { pngBytes, uploadFile } from '../testing/file-fixtures.js';
import { runRetentionCleanup } from '../cleanup/retention-cleanup.js';
import { FolderStorage } from '../files/storage/folder-storage.js';
import { storageKey } from '../files/storage/file-storage.js';
import { createLogger, silentLogger } from '../logging/logger.js';
import { askWithFirstStatement, assertNoPackageImport, lockForPackageImport } from '../request/package-import-guard.js';
import type { AccountScope } from '../request/account-scope.js';
import { ownerScope } from '../testing/billing-fixtures.js';
import { randomUUID } from 'node:crypto';
import { SpareSchemaKeeper } from './spare-account-schemas.js';

/**
 * Kontor on a Citus cluster (`pnpm test:citus`; skipped on plain
 * PostgreSQL): every account is a distributed schema on one worker, and the
 * account roles keep accounts apart on the workers too.
 */
const onCitus = (await citusNodesOf(inject('databaseServerUrl'))).length > 0;

describe.runIf(onCitus)('on a Citus cluster', () => {
  const lines: Record<string, unknown>[] = [];
  let app: TestApp;
  const schemas: string[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    app = await startTestApp({ logger: createLogger('info', {}, (line) => lines.push(JSON.parse(line) as Record<string, unknown>)) });
    for (const name of ['North', 'South', 'East', 'West']) {
      const client = new TestClient(app.url);
      const { auth } = await signUpNew(client, { accountName: name });
      await client.data(`mutation { createPerson(input: { lastName: "${name} person" }) { id } }`);
      schemas.push(accountSchemaName(auth.account.id));
      clients.push(client);
    }
    await placed(schemas);
  }, 180_000);
  afterAll(async () => {
    await app.stop();
  });

  /** Waits until the account placer has put every one of `names` on a worker. */
  async function placed(names: string[]): Promise<void> {
    for (let waited = 0; ; waited += 250) {
      const count = await withClient(app.database.adminUrl, async (db) =>
        Number((await db.query(`select count(*) from citus_schemas where schema_name::text = any($1)`, [names])).rows[0].count),
      );
      if (count === names.length) return;
      if (waited > 120_000) throw new Error(`only ${count} of ${names.length} accounts placed on a worker`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Where each account schema's tables are: schema -> "host:port" of the one worker holding all of them. */
  async function placements(): Promise<Map<string, string>> {
    const rows = await withClient(app.database.adminUrl, async (db) =>
      (
        await db.query<{ schema: string; nodes: string[] }>(
          `select s.schema_name::text as schema, array_agg(distinct sh.nodename || ':' || sh.nodeport) as nodes
           from citus_schemas s join citus_shards sh on sh.citus_table_type = 'schema' and sh.table_name::text like s.schema_name::text || '.%'
           where s.schema_name::text = any($1) group by 1`,
          [schemas],
        )
      ).rows,
    );
    for (const row of rows) expect(row.nodes, `${row.schema} is split over nodes`).toHaveLength(1);
    return new Map(rows.map((row) => [row.schema, row.nodes[0]!]));
  }

  it('says so when it starts', () => {
    const listening = lines.find((line) => typeof line.msg === 'string' && line.msg.startsWith('Kontor is listening'));
    expect(listening?.msg).toMatch(/^Kontor is listening, on Citus 13\.\d+-\d+ with 2 workers$/);
    expect(listening?.citus).toMatchObject({ workers: 2 });
  });

  it('creates an account on the coordinator and then places it, with everything in it, on one worker, the accounts spread over both', async () => {
    const placed = await placements();
    expect([...placed.keys()].sort()).toEqual([...schemas].sort());
    const coordinatorPort = new URL(inject('databaseServerUrl')).port;
    expect([...placed.values()].every((node) => !node.endsWith(`:${coordinatorPort}`))).toBe(true);
    expect(new Set(placed.values()).size).toBe(2);
    // The global tables stay on the coordinator: none of them is distributed.
    const globalDistributed = await withClient(app.database.adminUrl, async (db) =>
      (await db.query(`select table_name::text from citus_tables where table_name::text not like 'acct\\_%'`)).rows,
    );
    expect(globalDistributed).toEqual([]);
  });

  it('answers each account from its worker, search included', async () => {
    for (const [i, name] of ['North', 'South', 'East', 'West'].entries()) {
      const { search } = await clients[i]!.data('query($q: String!) { search(query: $q) { title } }', { q: name.toLowerCase() });
      expect(search).toEqual([{ title: `${name} person` }]);
    }
  });

  it("has PostgreSQL refuse an account's role another account's tables, on the coordinator and on the worker that holds them", async () => {
    const placed = await placements();
    const [a, b] = schemas as [string, string];
    const refusal = (url: string, sql: string) =>
      withClient(url, async (db) => {
        await db.query('begin');
        await db.query(`set local role ${a}`);
        return db.query(sql).then(
          () => 'allowed',
          (error: Error) => error.message,
        );
      });
    expect(await refusal(app.database.adminUrl, `select * from ${a}.person`)).toBe('allowed');
    expect(await refusal(app.database.adminUrl, `select * from ${b}.person`)).toMatch(/permission denied for schema/);
    // On the worker, straight at the shard of B's table, past the coordinator.
    const [host, port] = placed.get(b)!.split(':') as [string, string];
    const worker = nodeUrl(inject('databaseServerUrl'), { host, port: Number(port), coordinator: false }, new URL(app.database.adminUrl).pathname.slice(1));
    const shard = await withClient(worker, async (db) =>
      (await db.query<{ name: string }>(`select relname as name from pg_class where relnamespace = $1::regnamespace and relname like 'person\\_%' and relkind = 'r'`, [b])).rows[0]!.name,
    );
    expect(await refusal(worker, `select * from ${b}.${shard}`)).toMatch(/permission denied for schema/);
  });

  it("creates a person on a placed account with its company, tags, timeline entry and webhook delivery (createPerson's statements run on the worker)", async () => {
    const [client, schema] = [clients[2]!, schemas[2]!];
    await withClient(app.database.adminUrl, (db) =>
      db.query(`insert into ${schema}.webhook (id, url, events, secret) values (gen_random_uuid(), 'https://example.com/hook', '{person.created}', 'secret')`),
    );
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Placed Company" }) { id } }');
    const { createTag } = await client.data('mutation { createTag(input: { name: "placed" }) { id } }');
    const { createPerson } = await client.data('mutation($c: ID!, $t: ID!) { createPerson(input: { lastName: "Tagged", companyId: $c, tagIds: [$t] }) { id company { name } tags { name } timeline { kind } } }', {
      c: createCompany.id,
      t: createTag.id,
    });
    expect(createPerson).toMatchObject({ company: { name: 'Placed Company' }, tags: [{ name: 'placed' }], timeline: [{ kind: 'CREATED' }] });
    const refused = await client.request('mutation { createPerson(input: { lastName: "Refused", tagIds: ["00000000-0000-4000-8000-000000000099"] }) { id } }');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tagIds' });
    const deliveries = await withClient(app.database.adminUrl, async (db) => (await db.query(`select payload from ${schema}.webhook_delivery where event = 'person.created'`)).rows);
    expect(deliveries.map((row) => row.payload.record.lastName)).toEqual(['Tagged']);
    expect((await placements()).get(schema)).not.toMatch(new RegExp(`:${new URL(inject('databaseServerUrl')).port}$`));
  });

  it('defines, retypes and deletes custom fields of a placed account, and a definition that fails leaves no column', async () => {
    const [client, schema] = [clients[1]!, schemas[1]!];
    const columns = async () =>
      withClient(app.database.adminUrl, async (db) =>
        (await db.query(`select column_name from information_schema.columns where table_schema = $1 and table_name = 'person' and column_name like 'cf\\_%' order by 1`, [schema])).rows.map(
          (row) => row.column_name as string,
        ),
      );
    const define = async (input: Record<string, unknown>) =>
      (await client.data('mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }', { input })).createCustomField.id as string;
    const region = await define({ recordType: 'PERSON', name: 'Region', type: 'TEXT' });
    const code = await define({ recordType: 'PERSON', name: 'Code', type: 'TEXT' });
    expect(await columns()).toHaveLength(2);
    const { createPerson } = await client.data('mutation($f: [CustomFieldValueInput!]) { createPerson(input: { lastName: "Fielded", customFields: $f }) { id } }', {
      f: [
        { fieldId: region, text: 'Nordwestfalen' },
        { fieldId: code, text: '42' },
      ],
    });
    expect((await client.data('{ search(query: "nordwest") { id } }')).search).toEqual([{ id: createPerson.id }]);

    expect((await client.data(`mutation($id: ID!) { updateCustomField(id: $id, input: { type: NUMBER }) { type } }`, { id: code })).updateCustomField.type).toBe('NUMBER');
    const { person } = await client.data(`query($id: ID!) { person(id: $id) { customFields { field { name } ... on NumberValue { number } ... on TextValue { text } } } }`, {
      id: createPerson.id,
    });
    expect(person.customFields).toEqual([
      { field: { name: 'Region' }, text: 'Nordwestfalen' },
      { field: { name: 'Code' }, number: 42 },
    ]);
    expect(await columns()).toHaveLength(2);

    await withClient(app.database.adminUrl, (db) => db.query(`alter table ${schema}.custom_field add constraint refuse_boom check (name <> 'Boom')`));
    const failed = await client.request('mutation { createCustomField(input: { recordType: PERSON, name: "Boom", type: TEXT }) { id } }');
    await withClient(app.database.adminUrl, (db) => db.query(`alter table ${schema}.custom_field drop constraint refuse_boom`));
    expect(failed.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await columns()).toHaveLength(2);

    expect((await client.data('mutation($id: ID!) { deleteCustomField(id: $id) }', { id: region })).deleteCustomField).toBe(region);
    expect(await columns()).toHaveLength(1);
    expect((await client.data('{ search(query: "nordwest") { id } }')).search).toEqual([]);
    // Still on its worker.
    expect((await placements()).get(schema)).not.toMatch(new RegExp(`:${new URL(inject('databaseServerUrl')).port}$`));
  });

  it.each([
    ['asked on its own', (scope: AccountScope) => assertNoPackageImport(scope)],
    [
      // As @InAccount asks it: in front of the mutation's savepoint, the transaction's first statement.
      'asked with the first statement',
      async (scope: AccountScope) => {
        askWithFirstStatement(scope);
        await scope.query('savepoint kontor_mutation');
        await assertNoPackageImport(scope);
      },
    ],
  ])('makes a package import of a placed account wait for a change that began before it was queued (the guard %s)', async (_, guard) => {
    const [{ id: accountId }] = await withClient(app.database.adminUrl, async (db) => (await db.query('select id from account where schema_name = $1', [schemas[0]])).rows);
    // A change passed the guard (its transaction holds the guard's shared lock), then a package upload was queued.
    const change = await ownerScope(app, accountId);
    await guard(change);
    const importId = randomUUID();
    const userId = (await change.query<{ user_id: string }>('select created_by as user_id from person limit 1'))[0]!.user_id;
    await withClient(app.database.adminUrl, (db) =>
      db.query(`insert into ${schemas[0]}.account_package_import (id, status, byte_size, created_by) values ($1, 'QUEUED', 1, $2)`, [importId, userId]),
    );
    const job = await ownerScope(app, accountId);
    try {
      // The job's lock waits for the change (a bare lock on the coordinator would not: the guard's is on the worker).
      // A lock_timeout would stay on the coordinator: the statement's own time limit ends the wait.
      await job.query(`set local statement_timeout = '1s'`);
      await expect(lockForPackageImport(job)).rejects.toThrow(/canceling statement due to statement timeout/);
    } finally {
      await job.finish(false);
      await change.finish(true);
    }
    try {
      // Once the change has ended, the job takes it.
      const after = await ownerScope(app, accountId);
      await lockForPackageImport(after);
      await after.finish(false);
    } finally {
      await withClient(app.database.adminUrl, (db) => db.query(`delete from ${schemas[0]}.account_package_import where id = $1`, [importId]));
    }
  });

  it("removes the bytes of a placed account's deleted files, and of a deleted placed account's files, with the clean-up", async () => {
    const storage = new FolderStorage(path.join(app.dataDir, 'files'));
    const sweep = () => runRetentionCleanup(app.orm, { retentionDays: 30, fileStorage: storage }, silentLogger);
    const client = new TestClient(app.url);
    const { auth } = await signUpNew(client, { accountName: 'Filed' });
    const accountId = auth.account.id as string;
    const person = (await client.data('mutation { createPerson(input: { lastName: "Filed person" }) { id } }')).createPerson.id;
    const kept = (await client.data('mutation { createPerson(input: { lastName: "Kept person" }) { id } }')).createPerson.id;
    await placed([accountSchemaName(accountId)]);
    const onPerson = (await uploadFile(client, { personId: person }, 'card.png', pngBytes)).body.file!.id;
    const onKept = (await uploadFile(client, { personId: kept }, 'kept.txt', Buffer.from('kept'))).body.file!.id;
    await client.data('mutation($id: ID!) { deletePerson(id: $id) }', { id: person });
    expect((await sweep()).files).toBe(1);
    expect(await storage.has(storageKey(accountId, onPerson))).toBe(false);
    expect(await storage.has(storageKey(accountId, onKept))).toBe(true);
    expect((await client.data('mutation { deleteAccount(confirmName: "Filed") }')).deleteAccount).toBe(true);
    expect((await sweep()).files).toBe(1);
    expect(await storage.has(storageKey(accountId, onKept))).toBe(false);
  });

  it('gives a new account a spare schema made on the coordinator, then places it on a worker, where it works as one made for it', async () => {
    const keeper = new SpareSchemaKeeper(app.orm, 1, silentLogger);
    expect(await keeper.fill()).toBe(1);
    const spare = await withClient(app.database.adminUrl, async (db) => (await db.query('select schema_name from spare_account_schema')).rows[0].schema_name as string);
    const client = new TestClient(app.url);
    const { auth } = await signUpNew(client, { accountName: 'Spare' });
    const schema = accountSchemaName(auth.account.id);
    const left = await withClient(app.database.adminUrl, async (db) => ({
      spares: (await db.query('select schema_name from spare_account_schema')).rowCount,
      old: (await db.query('select 1 from pg_namespace where nspname = $1', [spare])).rowCount,
    }));
    expect(left).toEqual({ spares: 0, old: 0 });
    await placed([schema]);
    const coordinatorPort = new URL(inject('databaseServerUrl')).port;
    const node = await withClient(app.database.adminUrl, async (db) =>
      (await db.query(`select distinct nodeport from citus_shards where table_name::text like $1`, [`${schema}.%`])).rows.map((row) => String(row.nodeport)),
    );
    expect(node).toHaveLength(1);
    expect(node[0]).not.toBe(coordinatorPort);
    // Its role logs in between the nodes, its search column and its custom field function (whose body names its schema) work on the worker.
    const { createPerson } = await client.data('mutation { createPerson(input: { lastName: "Sparrow" }) { id } }');
    expect((await client.data('{ search(query: "sparr") { id } }')).search).toEqual([{ id: createPerson.id }]);
    await client.data('mutation { createCustomField(input: { recordType: PERSON, name: "Nest", type: TEXT }) { id } }');
    const columns = await withClient(app.database.adminUrl, async (db) =>
      (await db.query(`select table_schema from information_schema.columns where column_name like 'cf\\_%' and table_name = 'person' and table_schema = any($1)`, [[schema, spare]])).rows,
    );
    expect(columns).toEqual([{ table_schema: schema }]);
  });
});
