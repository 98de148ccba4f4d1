import { randomUUID } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { FileRouteDeps } from '../files/file-routes.js';
import { storageKey } from '../files/storage/file-storage.js';
import { answerError, refuse } from '../http/account-routes.js';
import type { JobSender } from '../jobs/job-sender.js';
import { httpAccountCaller } from '../request/http-account-caller.js';
import { unitOfWork } from '../request/unit-of-work.js';
import { checkPackage } from './package-import.js';
import { PackageReader } from './package-reader.js';

/**
 * `POST /account-packages` with a package ZIP as the raw body and the API's
 * `Authorization: Bearer` (a signed-in owner or co-owner: `account.package`,
 * never an API key). The body streams to a temporary file (a ZIP is read from
 * its end), is checked as the import will check it, then goes to the file
 * storage, and a pg-boss job brings it in (package-import-job.ts): the answer
 * comes at once, `202 { "import": { id, status } }`, and
 * `GET /account-packages/imports/<id>` follows it to its report. Refused with
 * nothing kept: not a package (BAD_USER_INPUT), an account with records
 * (ACCOUNT_NOT_EMPTY, 409), over the package's limits (PLAN_LIMIT_REACHED, 413).
 */
export const maxPackageBytes = 2 * 1024 * 1024 * 1024;

export function createPackageImportHandler(deps: FileRouteDeps & { jobs: JobSender }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (Number(req.headers['content-length']) > maxPackageBytes) {
      return answerError(res, refuse(413, ErrorCode.REQUEST_TOO_LARGE, `A package may be at most ${maxPackageBytes / 1024 ** 3} GB.`), deps.logger);
    }
    const scope = await httpAccountCaller(req, res, deps, 'account.package', 'Only owners and co-owners may bring a package into an account.');
    if (!scope) return;
    const path = join(tmpdir(), `kontor-package-import-${randomUUID()}.zip`);
    const importId = randomUUID();
    const key = storageKey(scope.accountId, importId);
    let stored = false;
    let committed = false;
    let reader: PackageReader | undefined;
    try {
      await pipeline(limited(req, maxPackageBytes), createWriteStream(path));
      try {
        reader = await PackageReader.open(path);
      } catch {
        throw new KontorError(ErrorCode.BAD_USER_INPUT, 'This is not a readable ZIP file, so not a Kontor account package.', { field: 'file' });
      }
      const work = unitOfWork(scope, deps.orm);
      const recordsTotal = await checkPackage(work, reader);
      const { size } = await stat(path);
      await deps.storage.put(key, createReadStream(path), size);
      stored = true;
      await scope.query(`insert into account_package_import (id, status, storage_key, byte_size, records_total, created_by) values (?, 'QUEUED', ?, ?, ?, ?)`, [
        importId,
        key,
        size,
        recordsTotal,
        work.userId,
      ]);
      // Sent before the commit: a job that finds no row yet waits for it (a failed commit leaves it nothing to do).
      await deps.jobs.sendPackageImport({ accountId: scope.accountId, importId });
      await scope.finish(true);
      committed = true;
      res.writeHead(202, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ import: { id: importId, status: 'QUEUED', recordsTotal } }));
    } catch (error) {
      answerError(res, error instanceof SyntaxError ? new KontorError(ErrorCode.BAD_USER_INPUT, `The package has a broken line: ${error.message}`, { field: 'file' }) : error, deps.logger);
    } finally {
      reader?.close();
      if (!committed) {
        await scope.finish(false);
        if (stored) await deps.storage.delete(key).catch(() => undefined);
      }
      await unlink(path).catch(() => undefined);
    }
  };
}

/** The request body, refused past `limitBytes` (a body without Content-Length may be longer than it says nothing about). */
function limited(source: IncomingMessage, limitBytes: number): Readable {
  let bytes = 0;
  return Readable.from(
    (async function* () {
      for await (const chunk of source) {
        bytes += (chunk as Buffer).length;
        if (bytes > limitBytes) throw refuse(413, ErrorCode.REQUEST_TOO_LARGE, `A package may be at most ${limitBytes / 1024 ** 3} GB.`);
        yield chunk as Buffer;
      }
    })(),
  );
}

export const importStatusPathPattern = /^\/account-packages\/imports\/([0-9a-fA-F-]{36})$/;

/**
 * `GET /account-packages/imports/<id>` (same caller and right as the upload):
 * `{ "import": { id, status, recordsTotal, recordsDone, report, error } }`,
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
            `select id, status, records_total, records_done, report, error from account_package_import where id = ?`,
            [id],
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
