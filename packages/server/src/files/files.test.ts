import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetentionCleanup } from '../cleanup/retention-cleanup.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { interruptedUpload, pngBytes, uploadFile } from '../testing/file-fixtures.js';
import { FolderStorage } from './storage/folder-storage.js';
import { createFileStorage } from './storage/create-file-storage.js';
import { storageKey } from './storage/file-storage.js';
import { startTestS3Server } from '../testing/s3-server.js';

const maxFileBytes = 200 * 1024;
let app: TestApp;
let client: TestClient;
let accountId: string;
let personId: string;
let filesFolder: string;

beforeAll(async () => {
  filesFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-files-test-'));
  app = await startTestApp({ config: { files: { backend: 'folder', folder: filesFolder, maxFileBytes } } });
  client = new TestClient(app.url);
  accountId = (await signUpNew(client)).auth.account.id;
  personId = (await client.data('mutation { createPerson(input: { lastName: "Customer" }) { id } }')).createPerson.id;
});
afterAll(async () => {
  await app.stop();
  await fs.rm(filesFolder, { recursive: true, force: true });
});

const fileFields = 'id name size contentType previewable personId downloadUrl previewUrl';
const listOf = async (record: Record<string, string>) => (await client.data(`query($r: FileRecordInput!) { files(record: $r) { ${fileFields} } }`, { r: record })).files;
/** The files in the storage folder of this account (the temporary upload folder aside). */
const storedFiles = async () => fs.readdir(path.join(filesFolder, accountId)).catch(() => [] as string[]);
const sweep = () => runRetentionCleanup(app.orm, { retentionDays: 30, fileStorage: new FolderStorage(filesFolder) }, { info() {}, warn() {}, error() {}, debug() {}, child() { return this; } } as never);

describe('files', () => {
  it('uploads a file streamed as the request body, detects its type from the bytes and lists it on its record', async () => {
    // The client claims HTML; the bytes are a PNG.
    const { status, body } = await uploadFile(client, { personId }, 'Business card.png', pngBytes, { 'content-type': 'text/html' });
    expect(status).toBe(201);
    expect(body.file).toMatchObject({ name: 'Business card.png', size: pngBytes.length, contentType: 'image/png', previewable: true, personId });
    const [listed] = await listOf({ personId });
    expect(listed).toMatchObject({ id: body.file!.id, name: 'Business card.png', contentType: 'image/png' });
    expect(await storedFiles()).toEqual([body.file!.id]);
  });

  it('downloads as an attachment with nosniff and a sandbox, and shows an image inline only through previewUrl', async () => {
    const [file] = await listOf({ personId });
    const download = await fetch(`${app.url}${file.downloadUrl}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pngBytes)).toBe(true);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="Business card.png"/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    const preview = await fetch(`${app.url}${file.previewUrl}`);
    expect(preview.headers.get('content-disposition')).toMatch(/^inline;/);
    // Without the token: no file.
    expect((await fetch(`${app.url}/files/${file.id}`)).status).toBe(401);
  });

  it('never shows a file inline that is not an image or PDF, whatever it is called', async () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const { body } = await uploadFile(client, { personId }, 'offer.pdf', html, { 'content-type': 'application/pdf' });
    expect(body.file).toMatchObject({ contentType: 'text/plain', previewable: false });
    const listed = (await listOf({ personId })).find((f: { id: string }) => f.id === body.file!.id);
    expect(listed.previewUrl).toBeNull();
    const forced = await fetch(`${app.url}${listed.downloadUrl}&inline=1`);
    expect(forced.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(forced.headers.get('content-type')).toBe('text/plain');
  });

  it('refuses a file over the size limit with 413 before storing anything', async () => {
    const before = await storedFiles();
    const { status, body } = await uploadFile(client, { personId }, 'big.bin', Buffer.alloc(maxFileBytes + 1, 1));
    expect(status).toBe(413);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'REQUEST_TOO_LARGE', maxBytes: maxFileBytes });
    expect(await storedFiles()).toEqual(before);
  });

  it('keeps nothing of an upload that breaks off, and no row', async () => {
    const before = await storedFiles();
    const count = (await listOf({ personId })).length;
    await interruptedUpload(client, { personId }, 100_000, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedFiles()).toEqual(before);
    expect(await fs.readdir(path.join(filesFolder, '.incoming'))).toEqual([]);
    expect(await listOf({ personId })).toHaveLength(count);
  });

  it('refuses bad input with typed errors: no record, two records, an unknown record, a bad name, another account', async () => {
    expect((await uploadFile(client, {}, 'a.txt', Buffer.from('a'))).body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
    expect((await uploadFile(client, { personId, dealId: personId }, 'a.txt', Buffer.from('a'))).status).toBe(400);
    expect((await uploadFile(client, { companyId: personId }, 'a.txt', Buffer.from('a'))).status).toBe(404);
    expect((await uploadFile(client, { personId }, 'a\u0000b', Buffer.from('a'))).body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect((await uploadFile(new TestClient(app.url), { personId }, 'a.txt', Buffer.from('a'))).status).toBe(401);
  });

  it('renames and deletes; the bytes of a deleted file leave the storage with the clean-up', async () => {
    const { body } = await uploadFile(client, { personId }, 'draft.txt', Buffer.from('draft offer'));
    const id = body.file!.id;
    const renamed = await client.data('mutation($id: ID!) { renameFile(id: $id, name: "Offer 2026.txt") { id name } }', { id });
    expect(renamed.renameFile).toEqual({ id, name: 'Offer 2026.txt' });
    const bad = await client.request('mutation($id: ID!) { renameFile(id: $id, name: "  ") { id } }', { id });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect((await client.data('mutation($id: ID!) { deleteFile(id: $id) }', { id })).deleteFile).toBe(id);
    expect((await listOf({ personId })).map((f: { id: string }) => f.id)).not.toContain(id);
    expect(await storedFiles()).toContain(id);
    expect((await sweep()).files).toBe(1);
    expect(await storedFiles()).not.toContain(id);
    const again = await client.request('mutation($id: ID!) { deleteFile(id: $id) }', { id });
    expect(again.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('deletes the files of a deleted record, those of its notes too', async () => {
    const doomed = (await client.data('mutation { createPerson(input: { lastName: "Leaving" }) { id } }')).createPerson.id;
    const note = (await client.data('mutation($p: ID!) { createNote(input: { body: "Contract", personId: $p }) { id } }', { p: doomed })).createNote.id;
    const onPerson = (await uploadFile(client, { personId: doomed }, 'card.png', pngBytes)).body.file!.id;
    const onNote = (await uploadFile(client, { noteId: note }, 'contract.txt', Buffer.from('signed'))).body.file!.id;
    expect(await listOf({ noteId: note })).toHaveLength(1);
    const { person } = await client.data('query($id: ID!) { person(id: $id) { notes { id fileCount } } }', { id: doomed });
    expect(person.notes).toEqual([{ id: note, fileCount: 1 }]);
    await client.data('mutation($id: ID!) { deletePerson(id: $id) }', { id: doomed });
    expect(await client.data('query($id: ID!) { file(id: $id) { id } }', { id: onPerson })).toEqual({ file: null });
    expect(await storedFiles()).toEqual(expect.arrayContaining([onPerson, onNote]));
    expect((await sweep()).files).toBe(2);
    expect(await storedFiles()).not.toEqual(expect.arrayContaining([onPerson]));
    expect(await storedFiles()).not.toContain(onNote);
  });

  it('deletes the files of a deleted company and deal', async () => {
    const company = (await client.data('mutation { createCompany(input: { name: "Gone GmbH" }) { id } }')).createCompany.id;
    const deal = (await client.data('mutation($c: ID!) { createDeal(input: { title: "Gone deal", companyId: $c }) { id } }', { c: company })).createDeal.id;
    const onCompany = (await uploadFile(client, { companyId: company }, 'logo.png', pngBytes)).body.file!.id;
    const onDeal = (await uploadFile(client, { dealId: deal }, 'offer.txt', Buffer.from('offer'))).body.file!.id;
    await client.data('mutation($id: ID!) { deleteDeal(id: $id) }', { id: deal });
    await client.data('mutation($id: ID!) { deleteCompany(id: $id) }', { id: company });
    expect((await sweep()).files).toBe(2);
    expect(await storedFiles()).not.toContain(onCompany);
    expect(await storedFiles()).not.toContain(onDeal);
  });

  it('never removes the bytes of a file a row still names, even when its key is queued', async () => {
    const kept = (await uploadFile(client, { personId }, 'kept.txt', Buffer.from('still here'))).body.file!.id;
    await withClient(app.database.url, async (db) => {
      const [{ schema_name }] = (await db.query('select schema_name from account where id = $1', [accountId])).rows;
      await db.query('insert into file_deletion_queue (account_schema, storage_key) values ($1, $2)', [schema_name, storageKey(accountId, kept)]);
    });
    expect((await sweep()).files).toBe(0);
    expect(await storedFiles()).toContain(kept);
    const { file } = await client.data('query($id: ID!) { file(id: $id) { downloadUrl } }', { id: kept });
    expect(await (await fetch(`${app.url}${file.downloadUrl}`)).text()).toBe('still here');
  });

  it('removes the files of a deleted account with the next clean-up, and only those', async () => {
    const other = new TestClient(app.url);
    const otherAccount = (await signUpNew(other, { accountName: 'Closing Ltd' })).auth.account.id;
    const otherPerson = (await other.data('mutation { createPerson(input: { lastName: "Client" }) { id } }')).createPerson.id;
    const files = [
      (await uploadFile(other, { personId: otherPerson }, 'a.txt', Buffer.from('a'))).body.file!.id,
      (await uploadFile(other, { personId: otherPerson }, 'b.png', pngBytes)).body.file!.id,
    ];
    const otherStored = async () => fs.readdir(path.join(filesFolder, otherAccount)).catch(() => [] as string[]);
    expect((await otherStored()).sort()).toEqual([...files].sort());
    const ours = await storedFiles();
    expect((await other.data('mutation { deleteAccount(confirmName: "Closing Ltd") }')).deleteAccount).toBe(true);
    expect((await sweep()).files).toBe(2);
    expect(await otherStored()).toEqual([]);
    expect(await storedFiles()).toEqual(ours);
  });

  it('follows the record rights: an API key with a normal role uploads and renames but may not delete, nor see files of confidential notes', async () => {
    const confidential = (await client.data('mutation($p: ID!) { createNote(input: { body: "Salary", personId: $p, confidential: true }) { id } }', { p: personId })).createNote.id;
    const secret = (await uploadFile(client, { noteId: confidential }, 'salary.txt', Buffer.from('secret'))).body.file!.id;
    const key = new TestClient(app.url);
    key.token = (await client.data('mutation { createApiKey(name: "Normal", role: NORMAL) { secret } }')).createApiKey.secret;
    const uploaded = await uploadFile(key, { personId }, 'from-api.txt', Buffer.from('via the API'));
    expect(uploaded.status).toBe(201);
    const viaKey = await key.data('query($p: ID!) { files(record: { personId: $p }) { id downloadUrl } }', { p: personId });
    const own = viaKey.files.find((f: { id: string }) => f.id === uploaded.body.file!.id);
    expect(own.downloadUrl).toBe(`/files/${own.id}`);
    const bytes = await fetch(`${app.url}${own.downloadUrl}`, { headers: { authorization: `Bearer ${key.token}` } });
    expect(await bytes.text()).toBe('via the API');
    const refused = await key.request('mutation($id: ID!) { deleteFile(id: $id) }', { id: own.id });
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', right: 'records.delete' });
    expect(await key.data('query($n: ID!) { files(record: { noteId: $n }) { id } }', { n: confidential })).toEqual({ files: [] });
    expect(await key.data('query($id: ID!) { file(id: $id) { id } }', { id: secret })).toEqual({ file: null });
    expect((await fetch(`${app.url}/files/${secret}`, { headers: { authorization: `Bearer ${key.token}` } })).status).toBe(404);
  });

  it('counts deleted files against the per-request delete limit of an EXTENDED role, alone or with their record', async () => {
    const extended = new TestClient(app.url);
    extended.token = (await client.data('mutation { createApiKey(name: "Extended", role: EXTENDED) { secret } }')).createApiKey.secret;
    const owner = (await client.data('mutation { createPerson(input: { lastName: "Many files" }) { id } }')).createPerson.id;
    const upload = async (record: Record<string, string>, count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await uploadFile(client, record, `page ${i}.txt`, Buffer.from(`page ${i}`))).body.file!.id);
      return ids;
    };
    const files = await upload({ personId: owner }, 11);
    const deleteAll = `mutation { ${files.map((id, i) => `d${i}: deleteFile(id: "${id}")`).join(' ')} }`;
    const refused = await extended.request(deleteAll);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', right: 'records.bulkDelete' });
    expect(await listOf({ personId: owner })).toHaveLength(11);

    // The person and 10 files are 11 deletions; with 9 files (and one on a note of it) the same stays within the 10.
    const refusedPerson = await extended.request('mutation($id: ID!) { deletePerson(id: $id) }', { id: owner });
    expect(refusedPerson.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', right: 'records.bulkDelete' });
    expect(await listOf({ personId: owner })).toHaveLength(11);
    const smaller = (await client.data('mutation { createPerson(input: { lastName: "Fewer files" }) { id } }')).createPerson.id;
    const note = (await client.data('mutation($p: ID!) { createNote(input: { body: "Scan", personId: $p }) { id } }', { p: smaller })).createNote.id;
    await upload({ personId: smaller }, 8);
    await upload({ noteId: note }, 1);
    expect((await extended.data('mutation($id: ID!) { deletePerson(id: $id) }', { id: smaller })).deletePerson).toBe(smaller);
    const noteWithFiles = (await client.data('mutation($p: ID!) { createNote(input: { body: "Pages", personId: $p }) { id } }', { p: owner })).createNote.id;
    await upload({ noteId: noteWithFiles }, 10);
    expect((await extended.request('mutation($id: ID!) { deleteNote(id: $id) }', { id: noteWithFiles })).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await listOf({ noteId: noteWithFiles })).toHaveLength(10);
  });
});

describe('files against the package storage', () => {
  let small: TestClient;
  let smallPerson: string;
  const usage = async () => (await small.data('{ usage { storage { used limit } } }')).usage.storage;

  beforeAll(async () => {
    small = new TestClient(app.url);
    const { auth } = await signUpNew(small);
    smallPerson = (await small.data('mutation { createPerson(input: { lastName: "Buyer" }) { id } }')).createPerson.id;
    const { used } = await usage();
    // A package with room for about one more 150 KB file, and a smaller one below the use after it.
    await withClient(app.database.url, async (db) => {
      await db.query(`insert into plan (code, name, price_cents, max_users, max_contacts, storage_bytes, sort_order) values ('ROOMY', 'Roomy', 0, 5, 100, $1, 98), ('CRAMPED', 'Cramped', 0, 5, 100, $2, 97)`, [
        used + 250_000,
        used + 50_000,
      ]);
      await db.query(`update account set plan_code = 'ROOMY' where id = $1`, [auth.account.id]);
    });
  });

  it('counts the bytes of files in usage', async () => {
    const before = (await usage()).used;
    await uploadFile(small, { personId: smallPerson }, 'offer.bin', Buffer.alloc(150_000, 3));
    expect((await usage()).used - before).toBeGreaterThanOrEqual(150_000);
  });

  it('refuses an upload that would pass the limit with PLAN_LIMIT_REACHED, before storing it', async () => {
    const count = (await small.data('query($p: ID!) { files(record: { personId: $p }) { id } }', { p: smallPerson })).files.length;
    const { status, body } = await uploadFile(small, { personId: smallPerson }, 'second.bin', Buffer.alloc(150_000, 4));
    expect(status).toBe(413);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'PLAN_LIMIT_REACHED', limit: 'storage' });
    expect((await small.data('query($p: ID!) { files(record: { personId: $p }) { id } }', { p: smallPerson })).files).toHaveLength(count);
  });

  it('refuses a downgrade below the storage in use, naming storage', async () => {
    const result = await small.request('mutation { changePlan(planCode: "CRAMPED") { plan { code } } }');
    expect(result.errors![0]!.extensions!.code).toBe('PLAN_LIMIT_REACHED');
    expect((result.errors![0]!.extensions!.limits as { limit: string }[]).map((l) => l.limit)).toEqual(['STORAGE']);
  });
});

describe('files in an S3-compatible store', () => {
  it('uploads through the route into the bucket, downloads from it, and the clean-up deletes the object', async () => {
    const s3 = await startTestS3Server();
    const s3App = await startTestApp({ config: { files: { backend: 's3', s3: s3.settings, maxFileBytes } } });
    const storage = createFileStorage({ backend: 's3', s3: s3.settings, maxFileBytes });
    try {
      const owner = new TestClient(s3App.url);
      const ownAccount = (await signUpNew(owner)).auth.account.id;
      const company = (await owner.data('mutation { createCompany(input: { name: "Bucket GmbH" }) { id } }')).createCompany.id;
      const { status, body } = await uploadFile(owner, { companyId: company }, 'logo.png', pngBytes);
      expect(status).toBe(201);
      const key = storageKey(ownAccount, body.file!.id);
      expect(await storage.has(key)).toBe(true);
      const { file } = await owner.data('query($id: ID!) { file(id: $id) { downloadUrl } }', { id: body.file!.id });
      expect(Buffer.from(await (await fetch(`${s3App.url}${file.downloadUrl}`)).arrayBuffer()).equals(pngBytes)).toBe(true);
      await owner.data('mutation($id: ID!) { deleteCompany(id: $id) }', { id: company });
      const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return this; } } as never;
      expect((await runRetentionCleanup(s3App.orm, { retentionDays: 30, fileStorage: storage }, silent)).files).toBe(1);
      expect(await storage.has(key)).toBe(false);
    } finally {
      await storage.close();
      await s3App.stop();
      await s3.stop();
    }
  }, 180_000);
});
