import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertNoPackageImport } from '../request/package-import-guard.js';
import { ErrorCode } from '../errors/errors.js';
import { can } from '../policies/account-rights.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { detectContentType, sniffBytes } from './content-type.js';
import { checkFileName } from './file-name.js';
import { fileRecordOf, recordVisible, type FileRecord } from './file-records.js';
import { answerError, nextWork, refuse, workOfRequest } from '../http/account-routes.js';
import type { FileRouteDeps } from './file-routes.js';
import { insertFile } from './files.service.js';
import { presentFile } from './file-presenter.js';
import { assertStorageFits } from './storage-limit.js';
import { storageKey } from './storage/file-storage.js';

/**
 * `POST /files?personId=<id>&name=<file name>` (or companyId, dealId,
 * noteId) with the file's bytes as the body, as they are (no multipart), and
 * its `Content-Length`; authenticated as a GraphQL request is (access token
 * or API key, `records.write`). Answers 201 with `{ file }` as `files` lists it.
 *
 * The body is streamed to the storage, never held in memory: before a byte
 * is read the declared length is checked against the per-file limit (413
 * `REQUEST_TOO_LARGE`) and the package's storage (413 `PLAN_LIMIT_REACHED`);
 * while it flows, its first bytes are kept to detect its type, and a body
 * longer than declared is cut off. The database connection is given back
 * while the bytes flow. The row is written after the bytes are stored, with
 * the storage limit checked again under a lock; whatever fails after the
 * bytes were stored (or a client that goes away mid-upload) deletes them, so
 * nothing is left behind.
 */
export function createFileUploadHandler(deps: FileRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let stored: string | undefined;
    try {
      const work = await workOfRequest(req, deps);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const { record, name, size } = await checkUpload(work, req, url, deps.config.files.maxFileBytes);
      await work.scope.finish(true);

      const fileId = randomUUID();
      const key = storageKey(work.scope.accountId, fileId);
      const head = await storeBody(req, deps, key, size);
      stored = key;
      const contentType = await detectContentType(head);

      const after = await nextWork(work, deps);
      let file;
      try {
        await assertNoPackageImport(after.scope);
        await assertStorageFits(after, size, { lock: true });
        file = await insertFile(after, { id: fileId, name, size, contentType, storageKey: key, record });
        await after.scope.finish(true);
      } catch (error) {
        await after.scope.finish(false);
        throw error;
      }
      stored = undefined;
      const body = JSON.stringify({ file: presentFile(file) });
      res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) }).end(body);
    } catch (error) {
      if (stored) await deps.storage.delete(stored).catch((cause: unknown) => deps.logger.warn('could not delete the bytes of a failed upload', { key: stored, error: cause }));
      answerError(res, error, deps.logger);
    }
  };
}

/** Everything that can be refused before a byte of the body is read; the first unit of work ends after it. */
async function checkUpload(work: UnitOfWork, req: IncomingMessage, url: URL, maxFileBytes: number): Promise<{ record: FileRecord; name: string; size: number }> {
  try {
    if (!can(await work.scope.role(), 'records.write')) {
      throw refuse(403, ErrorCode.FORBIDDEN, `Your role (${await work.scope.role()}) does not have the right "records.write" in this account.`, { right: 'records.write' });
    }
    const params = Object.fromEntries(url.searchParams);
    const record = fileRecordOf(params);
    const name = checkFileName(params.name);
    const length = req.headers['content-length'];
    if (length === undefined || !/^\d+$/.test(length)) {
      throw refuse(411, ErrorCode.BAD_USER_INPUT, 'Send the file with its Content-Length (no chunked upload).', { field: 'content-length' });
    }
    const size = Number(length);
    if (size > maxFileBytes) {
      throw refuse(413, ErrorCode.REQUEST_TOO_LARGE, `A file may have at most ${maxFileBytes / (1024 * 1024)} MB.`, { maxBytes: maxFileBytes });
    }
    await assertNoPackageImport(work.scope);
    if (!(await recordVisible(work.scope, record))) {
      throw refuse(404, ErrorCode.NOT_FOUND, `There is no ${record.kind.table} with this ID in this account.`, { field: record.kind.field });
    }
    await assertStorageFits(work, size, { lock: false });
    return { record, name, size };
  } catch (error) {
    await work.scope.finish(false);
    throw error;
  }
}

/** Streams the request body into the storage under `key`; resolves with its first bytes (for the type) once all is stored. */
export async function storeBody(req: IncomingMessage, deps: FileRouteDeps, key: string, size: number): Promise<Buffer> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > size) return done(new Error('the body is longer than its Content-Length'));
      if (headBytes < sniffBytes) {
        head.push(chunk.subarray(0, sniffBytes - headBytes));
        headBytes += Math.min(chunk.length, sniffBytes - headBytes);
      }
      done(null, chunk);
    },
  });
  const flowing = pipeline(req, counter);
  // Both settle: a client gone mid-upload fails the pipeline, and the storage sees its stream break off.
  const [piped, put] = await Promise.allSettled([flowing, deps.storage.put(key, counter, size)]);
  if (piped.status === 'rejected') {
    deps.logger.info('upload broke off', { error: (piped.reason as Error).message });
    throw refuse(400, ErrorCode.BAD_USER_INPUT, 'The upload broke off before the whole file had arrived; nothing was kept.', { field: 'body' });
  }
  // The storage failed on its own (a full disk, an unreachable bucket): a server error, logged by the HTTP server.
  if (put.status === 'rejected') throw put.reason;
  return Buffer.concat(head);
}
