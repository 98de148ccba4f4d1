import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger.js';
import { newOwner, startTeamTestApp } from '../testing/team-fixtures.js';
import type { TestApp } from '../testing/test-app.js';
import { uploadImport } from '../testing/import-fixtures.js';
import { withClient } from '../testing/test-database.js';
import { runImportJob } from './import-job.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

/** A full collection, for a measure of what is alive (not of the garbage V8 has not collected yet). */
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
const liveHeapMb = () => {
  collect();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

describe('an import\'s memory', () => {
  it('keeps nothing of one batch for the next: the live heap after batch 120 is what it was after batch 20', async () => {
    const { client, auth } = await newOwner(app.url, 'ENTERPRISE');
    // 28,000 rows in batches of 200: anything kept per row (a look-up, a failure, a row) would add megabytes by the end.
    const rows = 28_000;
    const lines = ['Vorname;Nachname;E-Mail-Adresse;Telefon;Firma;Ort;Schlagworte'];
    for (let i = 0; i < rows; i++) lines.push(`Anna;Müller ${i};p${i}@example.com;+49 89 ${100000 + i};Firma ${i % 1400};München;Import`);
    // Every 50th row fails (no last name): failures are written, not kept.
    for (let i = 50; i < rows; i += 50) lines[i] = `Bernd;;b${i}@example.com;;;;`;
    const uploaded = await uploadImport(client, lines.join('\r\n'));
    const schema = await withClient(app.database.url, async (db) => (await db.query('select schema_name from account where id = $1', [auth.account.id])).rows[0].schema_name);
    await withClient(app.database.url, (db) =>
      db.query(`update ${schema}.import_run set status = 'QUEUED', mapping = '["FIRST_NAME","LAST_NAME","EMAIL","PHONE","COMPANY","CITY","TAGS"]', duplicates = 'CREATE' where id = $1`, [uploaded.body.id]),
    );
    const heapAfter = new Map<number, number>();
    let batches = 0;
    const stopping = () => {
      batches++;
      if (batches === 20 || batches === 120) heapAfter.set(batches, liveHeapMb());
      return false;
    };
    await runImportJob({ orm: app.orm, logger: silentLogger, batchSize: 200, stopping }, { accountId: auth.account.id, importId: uploaded.body.id });
    const [run] = await withClient(app.database.url, async (db) => (await db.query(`select status, rows_done, rows_failed from ${schema}.import_run where id = $1`, [uploaded.body.id])).rows);
    expect(run).toEqual({ status: 'DONE', rows_done: rows, rows_failed: 559 });
    expect(heapAfter.get(120)! - heapAfter.get(20)!).toBeLessThan(3);
  }, 300_000);
});
