import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../errors/errors.js';
import { importCaller, refuse as refuseWith, type ImportHttpDeps } from './import-http.js';
import { openCsv } from './csv-file.js';
import { storeWhileReading } from './import-file.js';
import { ImportKind } from './import-fields.js';
import { forgetUnstartedAfterSeconds } from './import-retention.js';
import type { JobSender } from '../jobs/job-sender.js';
import { csvOf, formatOf, peek, UnreadableFile, vcardRows, xlsxRows } from './file-formats.js';

/**
 * POST /imports?kind=PEOPLE&name=contacts.csv with the file as the raw body:
 * CSV, an XLSX workbook or a vCard file, told apart by their first bytes
 * (file-formats.ts).
 *
 * A plain streamed upload rather than GraphQL multipart: the body goes
 * straight from the socket into the account's `import_chunk` table while it
 * is parsed once to count its rows and read its header, so no file is ever
 * held in memory or on the server's disk, no multipart parser (and its CSRF
 * caveats in Apollo) is needed, and the browser sends a `File` as it is.
 * Authentication is the API's: `Authorization: Bearer` with an access token
 * or an API key (counted against its rate limit); the caller needs the
 * `records.import` right. Everything is written in one transaction: a
 * broken-off or refused upload leaves nothing behind.
 */
export const importUploadPath = '/imports';
export const maxImportBytes = 50 * 1024 * 1024;

export function createImportUploadHandler(deps: ImportHttpDeps & { jobs?: JobSender }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refuse = (status: number, code: string, message: string) => refuseWith(req, res, status, code, message);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const kind = url.searchParams.get('kind') ?? ImportKind.PEOPLE;
    if (kind !== ImportKind.PEOPLE && kind !== ImportKind.COMPANIES) return refuse(400, ErrorCode.BAD_USER_INPUT, 'kind must be PEOPLE or COMPANIES.');
    const fileName = (url.searchParams.get('name') ?? 'import.csv').slice(0, 200);
    if (Number(req.headers['content-length']) > maxImportBytes) return refuse(413, ErrorCode.REQUEST_TOO_LARGE, tooLargeMessage);

    const scope = await importCaller(req, res, deps);
    if (!scope) return;

    const importId = randomUUID();
    const stored = { bytes: 0 };
    let committed = false;
    try {
      const { head, source: body } = await peek(limited(req, maxImportBytes, () => new UploadTooLarge()), 512);
      const format = formatOf(head);
      await scope.query(`insert into import_run (id, kind, format, file_name, status, created_by) values (?, ?, ?, ?, 'UPLOADING', ?)`, [
        importId,
        kind,
        format,
        fileName,
        scope.userId,
      ]);
      // A workbook or vCard file is kept as the CSV it becomes (at most as large as an uploaded CSV may be).
      const csv = format === 'CSV' ? body : csvOf(format === 'XLSX' ? xlsxRows(body) : vcardRows(body));
      const source = storeWhileReading(scope, importId, csv, maxImportBytes, () => new UploadTooLarge(), stored);
      const { dialect, records } = await openCsv(source);
      let headers: string[] | undefined;
      let rows = 0;
      for await (const record of records) {
        if (headers) rows++;
        else headers = record;
      }
      if (!headers || rows === 0) return refuse(400, ErrorCode.BAD_USER_INPUT, 'The file holds no rows under a header line.');
      await scope.query(
        `update import_run set status = 'UPLOADED', byte_size = ?, encoding = ?, delimiter = ?, headers = ?::jsonb, rows_total = ? where id = ?`,
        [stored.bytes, dialect.encoding, dialect.delimiter, JSON.stringify(headers.map((header) => header.slice(0, 200))), rows, importId],
      );
      await scope.finish(true);
      committed = true;
      res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ id: importId, rows }));
      // Not started within a day, the upload is forgotten (import-retention.ts).
      await deps.jobs?.sendImportForget({ accountId: scope.accountId, importId }, forgetUnstartedAfterSeconds).catch((error: unknown) => {
        deps.logger.warn('import upload: its forgetting could not be queued', { importId, error });
      });
    } catch (error) {
      if (error instanceof UploadTooLarge) return refuse(413, ErrorCode.REQUEST_TOO_LARGE, tooLargeMessage);
      if (error instanceof Error && error.name === 'CsvError') return refuse(400, ErrorCode.BAD_USER_INPUT, `The file is not a readable CSV file: ${error.message}`);
      if (error instanceof UnreadableFile) return refuse(400, ErrorCode.BAD_USER_INPUT, error.message);
      // A client gone mid-upload, or cut off for sending nothing (answered 408 by http-server.ts): rolled back below.
      if (!req.complete && req.destroyed) {
        if (!res.headersSent) refuse(400, ErrorCode.BAD_USER_INPUT, 'The upload broke off before the whole file had arrived; nothing was kept.');
        return;
      }
      throw error;
    } finally {
      if (!committed) await scope.finish(false);
    }
  };
}

const tooLargeMessage = `An import file may be at most ${maxImportBytes / 1024 / 1024} MB.`;

class UploadTooLarge extends Error {}

/** `source` until more than `limitBytes` came: then `tooLarge()` is thrown. */
async function* limited(source: AsyncIterable<Buffer>, limitBytes: number, tooLarge: () => Error): AsyncIterable<Buffer> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (bytes > limitBytes) throw tooLarge();
    yield chunk;
  }
}
