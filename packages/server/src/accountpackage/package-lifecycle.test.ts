import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStorage } from '../files/storage/folder-storage.js';
import { storageKey } from '../files/storage/file-storage.js';
import { silentLogger } from '../logging/logger.js';
import { jobQuery, newAccountOf, packageOf, pause, readyPackage } from '../testing/package-fixtures.js';
import { newOwner, startTeamTestApp } from '../testing/team-fixtures.js';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { runPackageImportJob } from './package-import-job.js';

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

  it("import fails in its job, keeping nothing and saying why, when the account is no longer empty by the time the job runs", async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Spät');
    await owner.client.data('mutation { createPerson(input: { lastName: "From the package" }) { id } }');
    const { zip } = await packageOf(owner.client);
    const target = await newAccountOf(owner.client, 'Inzwischen voll');
    const { id: accountId } = (await target.data('{ currentAccount { id } }')).currentAccount;
    // An upload taken while the account was empty (written as the upload route writes it; no job is sent, so only the call below runs it) …
    const importId = randomUUID();
    const storage = new FolderStorage(path.join(app.dataDir, 'files'));
    await storage.put(storageKey(accountId, importId), Readable.from([zip]), zip.length);
    const [{ schema_name }] = await withClient(app.database.url, async (db) => (await db.query(`select schema_name from account where id = $1`, [accountId])).rows);
    await withClient(app.database.url, (db) =>
      db.query(`insert into "${schema_name}".account_package_import (id, status, storage_key, byte_size, records_total, created_by) values ($1, 'QUEUED', $2, $3, 1, $4)`, [
        importId,
        storageKey(accountId, importId),
        zip.length,
        owner.auth.user.id,
      ]),
    );
    // … and a record added before its job runs.
    await target.data('mutation { createPerson(input: { lastName: "Already here" }) { id } }');
    await runPackageImportJob({ orm: app.orm, logger: silentLogger, storage }, { accountId, importId });

    const state = await (await fetch(`${app.url}/account-packages/imports/${importId}`, { headers: { authorization: `Bearer ${target.token}` } })).json();
    expect((state as any).import).toMatchObject({ status: 'FAILED', report: null, error: { code: 'ACCOUNT_NOT_EMPTY', extensions: { records: 1 } } });
    expect((await target.data('{ people { edges { node { lastName } } } }')).people.edges.map((edge: any) => edge.node.lastName)).toEqual(['Already here']);
    expect(await storage.get(storageKey(accountId, importId))).toBeUndefined();
  });

});
