import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../errors/errors.js';
import { storeBody } from '../files/file-upload.js';
import type { FileRouteDeps } from '../files/file-routes.js';
import { storageKey } from '../files/storage/file-storage.js';
import { answerError, nextWork, refuse } from '../http/account-routes.js';
import type { JobSender } from '../jobs/job-sender.js';
import { httpAccountCaller } from '../request/http-account-caller.js';
import { assertNoPackageImport } from '../request/package-import-guard.js';
import { unitOfWork, type UnitOfWork } from '../request/unit-of-work.js';
import { assertEmpty } from './package-import.js';

/**
 * `POST /account-packages` with a package ZIP as the raw body, its
 * Content-Length, and the API's `Authorization: Bearer` (a signed-in owner or
 * co-owner: `account.package`, never an API key). Before a byte is read: an
 * account with records is refused (ACCOUNT_NOT_EMPTY, 409), and so is a second
 * package while one is being brought in (PACKAGE_IMPORT_RUNNING, 409). The body
 * then streams straight to the file storage (as a file's upload does; no
 * database connection is held while it flows, and the upload is bound only by
 * the idle limit), a body that is not a ZIP is refused (BAD_USER_INPUT), and in
 * one transaction the same checks are made again and the import queued: a row
 * in `account_package_import` and a pg-boss job (package-import-job.ts), which
 * reads the package, checks its limits and brings it in. The answer:
 * `202 { "import": { id, status: "QUEUED" } }`; `GET /account-packages/imports/<id>`
 * follows it. Whatever is refused keeps nothing.
 */
export const maxPackageBytes = 2 * 1024 * 1024 * 1024;

export function createPackageImportHandler(deps: FileRouteDeps & { jobs: JobSender }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const length = req.headers['content-length'];
    if (length === undefined || !/^\d+$/.test(length)) {
      return answerError(res, refuse(411, ErrorCode.BAD_USER_INPUT, 'Send the package with its Content-Length (no chunked upload).', { field: 'content-length' }), deps.logger);
    }
    const size = Number(length);
    if (size > maxPackageBytes) {
      return answerError(res, refuse(413, ErrorCode.REQUEST_TOO_LARGE, `A package may be at most ${maxPackageBytes / 1024 ** 3} GB.`), deps.logger);
    }
    const scope = await httpAccountCaller(req, res, deps, 'account.package', 'Only owners and co-owners may bring a package into an account.');
    if (!scope) return;
    const importId = randomUUID();
    const key = storageKey(scope.accountId, importId);
    let stored = false;
    try {
      const first = unitOfWork(scope, deps.orm);
      await inTransaction(first, () => assertTakesPackage(first));
      const head = await storeBody(req, deps, key, size);
      stored = true;
      // A ZIP begins with an entry's header, or (empty) with the end of its directory.
      if (!['PK\x03\x04', 'PK\x05\x06'].includes(head.subarray(0, 4).toString('latin1'))) {
        throw refuse(400, ErrorCode.BAD_USER_INPUT, 'This is not a ZIP file, so not a Kontor account package.', { field: 'file' });
      }
      const work = await nextWork(first, deps);
      await inTransaction(work, async () => {
        await assertTakesPackage(work);
        await work.scope.query(`insert into account_package_import (id, status, storage_key, byte_size, created_by) values (?, 'QUEUED', ?, ?, ?)`, [importId, key, size, work.userId]);
        // Sent before the commit: a job that finds no row yet waits for it (a failed commit leaves it nothing to do).
        await deps.jobs.sendPackageImport({ accountId: scope.accountId, importId });
      });
      stored = false;
      res.writeHead(202, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ import: { id: importId, status: 'QUEUED' } }));
    } catch (error) {
      if (stored) await deps.storage.delete(key).catch((cause: unknown) => deps.logger.warn('could not delete a refused package upload', { key, error: cause }));
      answerError(res, error, deps.logger);
    }
  };
}

/** No package is coming in already, and the account holds no records. */
async function assertTakesPackage(work: UnitOfWork): Promise<void> {
  await assertNoPackageImport(work.scope);
  await assertEmpty(work);
}

async function inTransaction(work: UnitOfWork, run: () => Promise<void>): Promise<void> {
  try {
    await run();
    await work.scope.finish(true);
  } catch (error) {
    await work.scope.finish(false);
    throw error;
  }
}

export const importStatusPathPattern = /^\/account-packages\/imports\/([0-9a-fA-F-]{36}|latest)$/;

/**
 * `GET /account-packages/imports/<id>` (same caller and right as the upload),
 * or `…/imports/latest` for the account's newest (a screen opened again finds
 * a running import by it): `{ "import": { id, status, recordsTotal, recordsDone, report, error } }`,
 * `status` QUEUED, RUNNING, DONE (with the report) or FAILED (with the
 * refusal's `code`, `message` and details).
 */
export function createPackageImportStatusHandler(deps: FileRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const id = importStatusPathPattern.exec(new URL(req.url ?? '/', 'http://localhost').pathname)?.[1];
    const scope = await httpAccountCaller(req, res, deps, 'account.package', 'Only owners and co-owners may bring a package into an account.');
    if (!scope) return;
    try {
      const [row] = id
        ? await scope.query<{ id: string; status: string; records_total: number; records_done: number; report: unknown; error: unknown }>(
            `select id, status, records_total, records_done, report, error from account_package_import ${id === 'latest' ? 'order by created_at desc limit 1' : 'where id = ?'}`,
            id === 'latest' ? [] : [id],
          )
        : [];
      if (!row) throw refuse(404, ErrorCode.NOT_FOUND, 'There is no such package import in this account.');
      await scope.finish(true);
      const answer = { id: row.id, status: row.status, recordsTotal: row.records_total, recordsDone: row.records_done, report: row.report, error: row.error };
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ import: answer }));
    } catch (error) {
      await scope.finish(false);
      answerError(res, error, deps.logger);
    }
  };
}
