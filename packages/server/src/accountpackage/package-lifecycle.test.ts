import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStorage } from '../files/storage/folder-storage.js';
import { storageKey } from '../files/storage/file-storage.js';
import { silentLogger } from '../logging/logger.js';
import { jobQuery, newAccountOf, packageOf, pause, readyPackage } from '../testing/package-fixtures.js';
import { newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { runImportJob } from '../imports/import-job.js';
import { uploadImport } from '../testing/import-fixtures.js';
import { runPackageImportJob } from './package-import-job.js';
import PgBoss from 'pg-boss';
import { accountPackageQueue, packageImportQueue, pgBossConnection } from '../jobs/job-sender.js';

/** What becomes of a package's bytes, and of an import whose job finds things changed (package-bytes.ts, package-import-job.ts). */
let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({ cleanup: { jobWorker: true, schedule: '17 * * * *', retentionDays: 30, scheduleCheckSeconds: 30 } });
});
afterAll(async () => {
  await app?.stop();
});

describe('an account package', () => {
  it('leaves the storage after its one download, and when it expires (a delayed job sent when it is made)', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Kurzlebig GmbH');
    await owner.client.data('mutation { createPerson(input: { firstName: "Eva", lastName: "Flüchtig" }) { id } }');
    const accountId = owner.auth.account.id as string;
    const bytesOf = (packageId: string) => fs.stat(path.join(app.dataDir, 'files', accountId, packageId)).then(() => true, () => false);
    const settled = async (id: string, done: (job: Record<string, any>) => boolean) => {
      let job = (await owner.client.data(jobQuery, { id })).accountPackageJob;
      for (let i = 0; i < 100 && !done(job); i++) {
        await pause();
        job = (await owner.client.data(jobQuery, { id })).accountPackageJob;
      }
      return job;
    };

    const { job: downloaded } = await packageOf(owner.client);
    const after = await settled(downloaded.id, (job) => job.downloadedAt !== null);
    expect(after).toMatchObject({ status: 'READY', downloadUrl: null });
    expect(after.downloadedAt).not.toBeNull();
    expect(await bytesOf(downloaded.id)).toBe(false);

    // Made and not downloaded: its bytes stay until the expiry job, waiting since it was made, finds it expired.
    const kept = await readyPackage(owner.client);
    expect(await bytesOf(kept.id)).toBe(true);
    await withClient(app.database.url, async (db) => {
      let waiting: { start_after: Date }[] = [];
      for (let i = 0; i < 50 && waiting.length === 0; i++) {
        waiting = (await db.query(`select start_after from pgboss.job where name = 'kontor-account-package-expire' and data->>'packageId' = $1 and state = 'created'`, [kept.id])).rows;
        if (waiting.length === 0) await pause();
      }
      expect(waiting).toHaveLength(1);
      expect(waiting[0]!.start_after.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
      // A week later, in a moment: the package has expired, and its job is due.
      const [{ schema_name }] = (await db.query(`select schema_name from account where id = $1`, [accountId])).rows;
      await db.query(`update "${schema_name}".account_package set expires_at = now() - interval '1 second' where id = $1`, [kept.id]);
      await db.query(`update pgboss.job set start_after = now() where name = 'kontor-account-package-expire' and data->>'packageId' = $1`, [kept.id]);
    });
    for (let i = 0; i < 100 && (await bytesOf(kept.id)); i++) await pause();
    expect(await bytesOf(kept.id)).toBe(false);
    expect((await owner.client.data(jobQuery, { id: kept.id })).accountPackageJob).toMatchObject({ status: 'READY', downloadUrl: null, downloadedAt: null });
  });

  /** An upload taken while the account was empty, written as the upload route writes it (no job is sent, so only the test runs it). */
  async function queuedUpload(target: Awaited<ReturnType<typeof newAccountOf>>, zip: Buffer, userId: string) {
    const { id: accountId } = (await target.data('{ currentAccount { id } }')).currentAccount;
    const importId = randomUUID();
    const storage = new FolderStorage(path.join(app.dataDir, 'files'));
    await storage.put(storageKey(accountId, importId), Readable.from([zip]), zip.length);
    const [{ schema_name }] = await withClient(app.database.url, async (db) => (await db.query(`select schema_name from account where id = $1`, [accountId])).rows);
    await withClient(app.database.url, (db) =>
      db.query(`insert into "${schema_name}".account_package_import (id, status, storage_key, byte_size, created_by) values ($1, 'QUEUED', $2, $3, $4)`, [
        importId,
        storageKey(accountId, importId),
        zip.length,
        userId,
      ]),
    );
    const run = () => runPackageImportJob({ orm: app.orm, logger: silentLogger, storage }, { accountId, importId });
    const state = async (which: string = importId) => ((await (await fetch(`${app.url}/account-packages/imports/${which}`, { headers: { authorization: `Bearer ${target.token}` } })).json()) as any).import;
    return { importId, accountId, schema: schema_name as string, run, state, uploaded: () => storage.get(storageKey(accountId, importId)) };
  }

  it('while a package is queued, nothing else comes into the account (PACKAGE_IMPORT_RUNNING); then its job brings it in', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Wartend');
    await owner.client.data('mutation { createPerson(input: { lastName: "From the package" }) { id } }');
    const { zip } = await packageOf(owner.client);
    const target = await newAccountOf(owner.client, 'Reserviert');
    const upload = await queuedUpload(target, zip, owner.auth.user.id);

    // A record, a tag, a custom field, a second package: each refused, nothing kept.
    expect((await refusal(target, 'mutation { createPerson(input: { lastName: "Meanwhile" }) { id } }'))?.code).toBe('PACKAGE_IMPORT_RUNNING');
    expect((await refusal(target, 'mutation { createTag(input: { name: "Meanwhile" }) { id } }'))?.code).toBe('PACKAGE_IMPORT_RUNNING');
    expect((await refusal(target, 'mutation { createCustomField(input: { recordType: PERSON, name: "Meanwhile", type: TEXT }) { id } }'))?.code).toBe('PACKAGE_IMPORT_RUNNING');
    const second = await fetch(`${app.url}/account-packages`, { method: 'POST', headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/zip' }, body: new Uint8Array(zip) });
    expect(second.status).toBe(409);
    expect(((await second.json()) as any).errors[0].extensions.code).toBe('PACKAGE_IMPORT_RUNNING');
    expect((await upload.state()).status).toBe('QUEUED');
    // A spreadsheet import queued before the package came (written as startImport writes it) writes nothing either: its job ends it, saying why.
    const spreadsheet = await uploadImport(target, 'Last name\nMeanwhile\n');
    await withClient(app.database.url, (db) => db.query(`update "${upload.schema}".import_run set status = 'QUEUED', mapping = '["LAST_NAME"]', duplicates = 'CREATE' where id = $1`, [spreadsheet.body.id]));
    await runImportJob({ orm: app.orm, logger: silentLogger }, { accountId: upload.accountId, importId: spreadsheet.body.id });
    expect((await target.data('query ($id: ID!) { importRun(id: $id) { status stopReason rowsCreated } }', { id: spreadsheet.body.id })).importRun).toEqual({ status: 'FAILED', stopReason: 'PACKAGE_IMPORT', rowsCreated: 0 });
    // A screen opened again finds it as the account's latest.
    expect(await upload.state('latest')).toMatchObject({ id: upload.importId, status: 'QUEUED' });

    await upload.run();
    const done = await upload.state();
    expect(done).toMatchObject({ status: 'DONE', error: null });
    // The person, the pipeline and its phases, the timeline: every record of the package counted.
    expect(done.recordsTotal).toBeGreaterThan(1);
    expect(done.recordsDone).toBe(done.recordsTotal);
    expect((await target.data('{ people { edges { node { lastName } } } tags { name } }')).people.edges.map((edge: any) => edge.node.lastName)).toEqual(['From the package']);
    // Once it is in, the account takes records again.
    expect((await target.data('mutation { createPerson(input: { lastName: "Afterwards" }) { lastName } }')).createPerson.lastName).toBe('Afterwards');
  });

  it('import fails in its job, keeping nothing and saying why, when a record came in before the upload was queued', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Spät');
    await owner.client.data('mutation { createPerson(input: { lastName: "From the package" }) { id } }');
    const { zip } = await packageOf(owner.client);
    const target = await newAccountOf(owner.client, 'Inzwischen voll');
    // A record committed while the upload's own check was under way (so the check did not see it) …
    await target.data('mutation { createPerson(input: { lastName: "Already here" }) { id } }');
    const upload = await queuedUpload(target, zip, owner.auth.user.id);
    await upload.run();

    expect(await upload.state()).toMatchObject({ status: 'FAILED', report: null, error: { code: 'ACCOUNT_NOT_EMPTY', extensions: { records: 1 } } });
    expect((await target.data('{ people { edges { node { lastName } } } }')).people.edges.map((edge: any) => edge.node.lastName)).toEqual(['Already here']);
    expect(await upload.uploaded()).toBeUndefined();
  });

  /** A job sent as the queue would send it, but with no retry: its one failed try is its last. */
  async function sendWithoutRetry(queue: string, data: object): Promise<void> {
    const boss = new PgBoss({ ...pgBossConnection(app.database.url, 'kontor-test'), max: 1, supervise: false, schedule: false });
    await boss.start();
    try {
      await boss.send(queue, data, { retryLimit: 0 });
    } finally {
      await boss.stop({ graceful: false });
    }
  }

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let waited = 0; ; waited += 250) {
      const value = await read();
      if (done(value) || waited > 30_000) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('an import whose job failed every try is ended as FAILED, its upload deleted, and the account takes changes again', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Aufgegeben');
    await owner.client.data('mutation { createPerson(input: { lastName: "From the package" }) { id } }');
    const { zip } = await packageOf(owner.client);
    const target = await newAccountOf(owner.client, 'Blockiert');
    const upload = await queuedUpload(target, zip, owner.auth.user.id);
    // Every try fails before the job can end its row (as while the database is away).
    await withClient(app.database.url, (db) => db.query(`alter table "${upload.schema}".account_package_import add constraint never_running check (status <> 'RUNNING') not valid`));
    try {
      await sendWithoutRetry(packageImportQueue, { accountId: upload.accountId, importId: upload.importId });
      const ended = await eventually(() => upload.state(), (state) => state.status !== 'QUEUED');
      expect(ended).toMatchObject({ status: 'FAILED', error: { code: 'INTERNAL_SERVER_ERROR', message: 'The package could not be brought in: every try failed. Upload it again.' } });
    } finally {
      await withClient(app.database.url, (db) => db.query(`alter table "${upload.schema}".account_package_import drop constraint never_running`));
    }
    expect(await upload.uploaded()).toBeUndefined();
    expect((await target.data('mutation { createPerson(input: { lastName: "Afterwards" }) { lastName } }')).createPerson.lastName).toBe('Afterwards');
  });

  it('a package whose job failed every try is ended as FAILED, and a new one can be asked for', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Liegengeblieben');
    const { id: accountId } = (await owner.client.data('{ currentAccount { id } }')).currentAccount;
    const [{ schema_name: schema }] = await withClient(app.database.url, async (db) => (await db.query(`select schema_name from account where id = $1`, [accountId])).rows);
    const packageId = randomUUID();
    await withClient(app.database.url, async (db) => {
      await db.query(`insert into "${schema}".account_package (id, status, created_by) values ($1, 'QUEUED', $2)`, [packageId, owner.auth.user.id]);
      await db.query(`alter table "${schema}".account_package add constraint never_running check (status <> 'RUNNING') not valid`);
    });
    try {
      await sendWithoutRetry(accountPackageQueue, { accountId, packageId });
      const ended = await eventually(async () => (await owner.client.data(jobQuery, { id: packageId })).accountPackageJob, (job) => job.status !== 'QUEUED');
      expect(ended.status).toBe('FAILED');
    } finally {
      await withClient(app.database.url, (db) => db.query(`alter table "${schema}".account_package drop constraint never_running`));
    }
    // While it stood QUEUED, asking for a package answered it; now a new one is made.
    const { startAccountPackage } = await owner.client.data('mutation { startAccountPackage { id } }');
    expect(startAccountPackage.id).not.toBe(packageId);
  });
});
