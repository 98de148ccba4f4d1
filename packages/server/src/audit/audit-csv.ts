import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { httpAccountCaller, refuse, type HttpRouteDeps } from '../request/http-account-caller.js';
import { unitOfWork } from '../request/unit-of-work.js';
import { maxPageSize } from '../crm/common/connection.js';
import { AuditAction } from './audit-action.js';
import { listAuditEvents } from './audit.service.js';
import type { AuditEventFilter } from './audit.types.js';

/** An export holds at most this many entries (the newest); narrow it by time for more. */
export const auditCsvMaxRows = 100_000;

/**
 * GET /audit/events.csv[?actions=A,B&actorUserId=…&from=ISO&to=ISO]: the
 * audit trail (as `auditEvents` with the same filter) as CSV, streamed a page
 * at a time, UTF-8 with a byte order mark for spreadsheet programs. Owners
 * and co-owners only, as the query.
 */
export function createAuditCsvHandler(deps: HttpRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let filter: AuditEventFilter;
    try {
      filter = filterOf(new URL(req.url ?? '/', 'http://localhost').searchParams);
    } catch (error) {
      return refuse(req, res, 400, ErrorCode.BAD_USER_INPUT, (error as Error).message);
    }
    const scope = await httpAccountCaller(req, res, deps, 'audit.read', 'Only owners and co-owners may read the audit trail.');
    if (!scope) return;
    const work = unitOfWork(scope, deps.orm);
    try {
      scope.markReadOnly();
      const { account } = await scope.details();
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${account.slug}-audit.csv"`,
        'cache-control': 'private, no-store',
      });
      const csv = stringify({ bom: true });
      csv.pipe(res);
      csv.write(['time', 'action', 'actor', 'actor kind', 'actor user id', 'api key id', 'client address', 'target type', 'target id', 'target', 'changes']);
      let after: string | null = null;
      for (let written = 0; written < auditCsvMaxRows; ) {
        const page = await listAuditEvents(work, { first: maxPageSize, after, filter });
        for (const { node: e } of page.edges) {
          const row = [e.occurredAt.toISOString(), e.action, e.actor.name, e.actor.kind, e.actor.userId, e.actor.apiKeyId, e.clientAddress, e.targetType, e.targetId, e.targetLabel, e.changes];
          if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
        }
        written += page.edges.length;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      csv.end();
      await new Promise((resolve) => res.once('finish', resolve));
    } finally {
      await scope.finish(true);
    }
  };
}

function filterOf(params: URLSearchParams): AuditEventFilter {
  const filter: AuditEventFilter = {};
  const actions = params.get('actions');
  if (actions) {
    filter.actions = actions.split(',').map((action) => {
      if (!(action in AuditAction)) throw new KontorError(ErrorCode.BAD_USER_INPUT, `Unknown action "${action}".`);
      return action as AuditAction;
    });
  }
  const actor = params.get('actorUserId');
  if (actor) filter.actorUserId = actor;
  for (const key of ['from', 'to'] as const) {
    const value = params.get(key);
    if (!value) continue;
    const time = new Date(value);
    if (Number.isNaN(time.getTime())) throw new KontorError(ErrorCode.BAD_USER_INPUT, `${key} must be a date and time (ISO 8601).`);
    filter[key] = time;
  }
  return filter;
}
