import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify';
import { ErrorCode } from '../errors/errors.js';
import { isUuid } from '../crm/common/validation.js';
import { importCaller, refuse, type ImportHttpDeps } from './import-http.js';
import { undoDays } from './import-retention.js';

/**
 * GET /imports/<id>/failures.csv: the rows an import could not take, as they
 * were in the file, with the row number and the reason in front, so the file
 * can be corrected and imported again. Read a page at a time and streamed
 * out; UTF-8 with a byte order mark, which spreadsheet programs need to read
 * it as UTF-8.
 */
const path = /^\/imports\/([0-9a-fA-F-]{36})\/failures\.csv$/;
const pageSize = 1000;

export function createImportFailuresHandler(deps: ImportHttpDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const id = path.exec(new URL(req.url ?? '/', 'http://localhost').pathname)?.[1]?.toLowerCase();
    if (!id || !isUuid(id)) return refuse(req, res, 404, ErrorCode.NOT_FOUND, 'Not found');
    const scope = await importCaller(req, res, deps);
    if (!scope) return;
    try {
      scope.markReadOnly();
      const [run] = await scope.query<{ headers: string[]; file_name: string; forgotten: boolean }>(
        `select headers, file_name, finished_at < now() - make_interval(days => ?) as forgotten from import_run where id = ?`,
        [undoDays, id],
      );
      if (!run) return refuse(req, res, 404, ErrorCode.NOT_FOUND, 'There is no such import in this account.');
      if (run.forgotten) return refuse(req, res, 410, ErrorCode.NOT_FOUND, `The failed rows of an import are kept for ${undoDays} days after it finished.`);
      const name = run.file_name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'import';
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}-failed-rows.csv"`,
        'cache-control': 'private, no-store',
      });
      const csv = stringify({ bom: true });
      csv.pipe(res);
      csv.write(['row', 'reason', ...run.headers]);
      for (let after = 0; ; ) {
        const rows = await scope.query<{ row_number: number; reason: string; data: string[] }>(
          `select row_number, reason, data from import_failure where import_id = ? and row_number > ? order by row_number limit ?`,
          [id, after, pageSize],
        );
        for (const row of rows) if (!csv.write([row.row_number, row.reason, ...row.data])) await new Promise((resolve) => csv.once('drain', resolve));
        if (rows.length < pageSize) break;
        after = rows.at(-1)!.row_number;
      }
      csv.end();
      await new Promise((resolve) => res.once('finish', resolve));
    } finally {
      await scope.finish(true);
    }
  };
}
