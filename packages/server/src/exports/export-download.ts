import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuditAction } from '../audit/audit-action.js';
import { audit } from '../audit/audit-trail.js';
import { verifyDownloadToken } from '../auth/download-token.js';
import { personName } from '../crm/people/person-name.js';
import { readPerson } from '../crm/people/person.service.js';
import { ErrorCode } from '../errors/errors.js';
import { contentDisposition } from '../files/file-name.js';
import { answerError, nextWork, refuse, workOfGrant, workOfRequest, type AccountRouteDeps } from '../http/account-routes.js';
import { can } from '../policies/account-rights.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { exportPage, lookupsOf } from './export-rows.js';
import { columnsOf, fileNameOf, hasCustomColumns, specOfClaims, type ExportSpec } from './export-spec.js';
import { exportWriter } from './export-writers.js';

/**
 * `GET /exports?token=…` (export-link.ts): checks the session (or the API
 * key), the membership and the right as they are now, then streams the file
 * page by page. Each page is read in a unit of work of its own, so a slow
 * download never holds a database connection while the client reads.
 */
export function createExportDownloadHandler(deps: AccountRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
      const verified = await verifyDownloadToken(deps.keys, 'export', token);
      const spec = verified && specOfClaims(verified.claims);
      if (!verified || !spec) throw refuse(401, ErrorCode.UNAUTHENTICATED, 'This export link is not valid or has expired. Start the export again for a fresh one.');
      const work = await callerOf(req, deps, verified.grant, verified.claims.key);
      const allowed = spec.personId ? true : can(await work.scope.role(), 'records.export');
      if (!allowed) {
        await work.scope.finish(false);
        throw refuse(403, ErrorCode.FORBIDDEN, 'Your role may not export lists.');
      }
      if (spec.personId) await sendVcard(res, req, work, spec, spec.personId);
      else await sendList(res, req, work, spec, deps);
    } catch (error) {
      answerError(res, error, deps.logger);
    }
  };
}

/** A user's link needs its session; an API key's link needs the same key in `Authorization`. */
async function callerOf(req: IncomingMessage, deps: AccountRouteDeps, grant: { userId: string; sessionId: string; accountId: string }, key: unknown): Promise<UnitOfWork> {
  if (typeof key === 'string') {
    const work = await workOfRequest(req, deps);
    if (work.scope.apiKeyId === key && work.scope.accountId === grant.accountId) return work;
    await work.scope.finish(false);
    throw refuse(401, ErrorCode.UNAUTHENTICATED, 'This export link was made for another API key: send the key that asked for it.');
  }
  const work = await workOfGrant(grant, deps);
  if (!work) throw refuse(401, ErrorCode.UNAUTHENTICATED, 'This export link is no longer valid: your session ended or you are no longer a member of the account.');
  return work;
}

function startFile(res: ServerResponse, contentType: string, fileName: string): void {
  res.writeHead(200, {
    'content-type': contentType,
    'content-disposition': contentDisposition('attachment', fileName),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  });
}

async function sendVcard(res: ServerResponse, req: IncomingMessage, work: UnitOfWork, spec: ExportSpec, personId: string): Promise<void> {
  let page;
  try {
    const person = await readPerson(work, personId);
    page = person && { rows: [person], lookups: await lookupsOf(work, spec.list, [person]) };
  } finally {
    await work.scope.finish(true);
  }
  if (!page) throw refuse(404, ErrorCode.NOT_FOUND, 'There is no person with this ID in this account.');
  const person = page.rows[0]!;
  const writer = exportWriter(spec.format, res, [], []);
  startFile(res, writer.contentType, `${personName(person) || 'contact'}.vcf`);
  if (req.method === 'HEAD') return void res.end();
  await writer.page(page.rows, page.lookups);
  res.end();
}

async function sendList(res: ServerResponse, req: IncomingMessage, first: UnitOfWork, spec: ExportSpec, deps: AccountRouteDeps): Promise<void> {
  // The columns and the first page are read before the answer starts: a bad filter is still a clean 400.
  let work = first;
  let page;
  let columns;
  try {
    columns = await columnsOf(work.scope, spec);
    page = await exportPage(work, spec.list, spec.filter, undefined, hasCustomColumns(columns));
    await audit(work, await work.accountEm(), { action: AuditAction.LIST_EXPORTED, changes: { list: spec.list, format: spec.format, columns: columns.map((column) => column.key) } });
  } finally {
    await work.scope.finish(true);
  }
  const writer = exportWriter(spec.format, res, columns, columns.map((column) => column.label[spec.language]));
  startFile(res, writer.contentType, fileNameOf(spec));
  if (req.method === 'HEAD') return void res.end();
  await writer.start();
  for (;;) {
    await writer.page(page.rows, page.lookups);
    if (!page.after || res.destroyed) break;
    work = await nextWork(work, deps);
    try {
      page = await exportPage(work, spec.list, spec.filter, page.after, hasCustomColumns(columns));
    } finally {
      await work.scope.finish(true);
    }
  }
  await writer.finish();
  res.end();
}
