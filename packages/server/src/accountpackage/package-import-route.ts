import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { FileRouteDeps } from '../files/file-routes.js';
import { answerError, refuse } from '../http/account-routes.js';
import { httpAccountCaller } from '../request/http-account-caller.js';
import { unitOfWork } from '../request/unit-of-work.js';
import { importPackage } from './package-import.js';
import { PackageReader } from './package-reader.js';

/**
 * `POST /account-packages` with a package ZIP as the raw body and the API's
 * `Authorization: Bearer` (a signed-in owner or co-owner: `account.package`,
 * never an API key). The body streams to a temporary file (a ZIP is read from
 * its end), then the package is brought in (package-import.ts) in one
 * transaction, and the answer is the report: `201 { "report": … }`. Refused
 * with nothing changed: not a package (BAD_USER_INPUT), an account with
 * records (ACCOUNT_NOT_EMPTY, 409), over the package's limits
 * (PLAN_LIMIT_REACHED, 413).
 */
export const maxPackageBytes = 2 * 1024 * 1024 * 1024;

export function createPackageImportHandler(deps: FileRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (Number(req.headers['content-length']) > maxPackageBytes) {
      return answerError(res, refuse(413, ErrorCode.REQUEST_TOO_LARGE, `A package may be at most ${maxPackageBytes / 1024 ** 3} GB.`), deps.logger);
    }
    const scope = await httpAccountCaller(req, res, deps, 'account.package', 'Only owners and co-owners may bring a package into an account.');
    if (!scope) return;
    const path = join(tmpdir(), `kontor-package-import-${randomUUID()}.zip`);
    const stored: string[] = [];
    let committed = false;
    let reader: PackageReader | undefined;
    try {
      await pipeline(limited(req, maxPackageBytes), createWriteStream(path));
      try {
        reader = await PackageReader.open(path);
      } catch {
        throw new KontorError(ErrorCode.BAD_USER_INPUT, 'This is not a readable ZIP file, so not a Kontor account package.', { field: 'file' });
      }
      const report = await importPackage(unitOfWork(scope, deps.orm), reader, deps.storage, stored);
      await scope.finish(true);
      committed = true;
      deps.logger.info('account package imported', { accountId: scope.accountId, records: report.records, files: report.files });
      res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ report }));
    } catch (error) {
      answerError(res, error instanceof SyntaxError ? new KontorError(ErrorCode.BAD_USER_INPUT, `The package has a broken line: ${error.message}`, { field: 'file' }) : error, deps.logger);
    } finally {
      reader?.close();
      if (!committed) {
        await scope.finish(false);
        for (const key of stored) await deps.storage.delete(key).catch(() => undefined);
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
