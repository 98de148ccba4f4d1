import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { slowUpload } from '../testing/file-fixtures.js';

// Short limits, so a test can outlast the whole-request limit: an upload may take as long as it needs while bytes come.
const requestTimeoutMs = 1_000;
const uploadIdleTimeoutMs = 1_500;
let app: TestApp;
let client: TestClient;
let accountId: string;
let personId: string;

beforeAll(async () => {
  app = await startTestApp({ config: { requestTimeouts: { requestTimeoutMs, uploadIdleTimeoutMs } } });
  client = new TestClient(app.url);
  accountId = (await signUpNew(client)).auth.account.id;
  personId = (await client.data('mutation { createPerson(input: { lastName: "Customer" }) { id } }')).createPerson.id;
});
afterAll(async () => {
  await app.stop();
});

const filesFolder = () => path.join(app.dataDir, 'files');
const storedFiles = async () => fs.readdir(path.join(filesFolder(), accountId)).catch(() => [] as string[]);
const incoming = async () => fs.readdir(path.join(filesFolder(), '.incoming')).catch(() => [] as string[]);
const listed = async () => (await client.data('query($p: ID!) { files(record: { personId: $p }) { id name } }', { p: personId })).files;
const importRuns = () =>
  withClient(app.database.url, async (db) => {
    const [{ schema_name }] = (await db.query('select schema_name from account where id = $1', [accountId])).rows;
    return (await db.query(`select file_name from "${schema_name}".import_run`)).rows;
  });
/** Eight pieces, 400 ms apart: about three times the whole-request limit. */
const pieces = (text: string) => Array.from({ length: 8 }, (_, i) => Buffer.from(text.slice((i * text.length) / 8, ((i + 1) * text.length) / 8)));

describe('streamed uploads over a slow link', () => {
  it('a file that trickles in for longer than the request limit is stored', async () => {
    const text = 'A contract that arrives slowly, a few bytes at a time.\n'.repeat(20);
    const answer = await slowUpload(client, `/files?personId=${personId}&name=slow.txt`, pieces(text), 400);
    expect(answer.status).toBe(201);
    const { file } = JSON.parse(answer.body);
    expect(file).toMatchObject({ name: 'slow.txt', size: Buffer.byteLength(text) });
    expect(await storedFiles()).toEqual([file.id]);
    expect((await listed()).map((f: { name: string }) => f.name)).toEqual(['slow.txt']);
  });

  it('a file upload that stalls is cut off with 408 and leaves no file and no row', async () => {
    const before = await storedFiles();
    const answer = await slowUpload(client, `/files?personId=${personId}&name=stalled.txt`, pieces('x'.repeat(8_000)), 200, 3);
    expect(answer.status).toBe(408);
    await expect.poll(incoming).toEqual([]);
    expect(await storedFiles()).toEqual(before);
    expect((await listed()).map((f: { name: string }) => f.name)).not.toContain('stalled.txt');
  });

  it('an import that trickles in is taken; one that stalls leaves no import behind', async () => {
    const csv = 'Last name,E-Mail\n' + Array.from({ length: 40 }, (_, i) => `Slow${i},slow${i}@example.com`).join('\n') + '\n';
    const taken = await slowUpload(client, '/imports?kind=PEOPLE&name=slow.csv', pieces(csv), 400);
    expect(taken.status).toBe(201);
    expect(JSON.parse(taken.body)).toMatchObject({ rows: 40 });
    const stalled = await slowUpload(client, '/imports?kind=PEOPLE&name=stalled.csv', pieces(csv), 200, 3);
    expect(stalled.status).toBe(408);
    await expect.poll(importRuns).toEqual([{ file_name: 'slow.csv' }]);
  });

  it('an ordinary request still has to arrive within the whole-request limit', async () => {
    const body = JSON.stringify({ query: '{ __typename }' }).padEnd(200, ' ');
    const slow = await slowUpload(client, '/graphql', pieces(body), 400);
    expect(slow.status).toBe(408);
  });
});
