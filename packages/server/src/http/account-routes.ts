import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipStatus, type Role } from '../accounts/roles.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import type { Config } from '../config/config.js';
import { databaseUnavailable, retryAfterSeconds } from '../db/database-unavailable.js';
import type { Orm } from '../db/orm.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { AccountScope } from '../request/account-scope.js';
import { authenticate } from '../request/authenticate.js';
import { unitOfWork, type UnitOfWork } from '../request/unit-of-work.js';
import type { DownloadGrant } from '../auth/download-token.js';

/**
 * Routes of an account beside GraphQL (file upload and download, exports):
 * who the caller is, in which account, and how a refusal is answered, the
 * same way for each of them.
 */
export interface AccountRouteDeps {
  orm: Orm;
  keys: SigningKeys;
  config: Config;
  logger: Logger;
}

/** A refusal of an account route: its HTTP status, and the typed error the body carries (as a GraphQL error would). */
export class RouteError extends Error {
  constructor(
    readonly status: number,
    readonly error: KontorError,
  ) {
    super(error.message);
  }
}

export const refuse = (status: number, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) =>
  new RouteError(status, new KontorError(code, message, extensions));

const statusOfCode: Partial<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  ACCOUNT_NOT_EMPTY: 409,
  PACKAGE_IMPORT_RUNNING: 409,
  DOWNLOAD_LINK_USED: 410,
  RATE_LIMITED: 429,
  PLAN_LIMIT_REACHED: 413,
  REQUEST_TOO_LARGE: 413,
  SERVICE_UNAVAILABLE: 503,
};

/** Answers a failed request with `{ errors: [{ message, extensions }] }`, the shape every Kontor client reads. */
export function answerError(res: ServerResponse, error: unknown, logger: Logger): void {
  let routeError: RouteError;
  if (error instanceof RouteError) routeError = error;
  else if (error instanceof KontorError) routeError = new RouteError(statusOfCode[error.extensions.code as string] ?? 400, error);
  else {
    const unavailable = databaseUnavailable(error);
    if (!unavailable) throw error;
    routeError = new RouteError(503, unavailable);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  if (routeError.status === 503) headers['retry-after'] = String(retryAfterSeconds);
  // Whatever of an upload is still coming is not read: the connection closes after the answer.
  if (routeError.status === 413 || routeError.status >= 500) headers.connection = 'close';
  logger.debug('account route refused', { status: routeError.status, code: routeError.error.extensions.code });
  res.writeHead(routeError.status, headers).end(JSON.stringify({ errors: [{ message: routeError.message, extensions: routeError.error.extensions }] }));
}

/**
 * The caller of an account route as a unit of work in its account, through the
 * same authentication as GraphQL (request/authenticate.ts: an access token
 * scoped to the account, or an account API key, counted against its rate
 * limit), with the database's caller check done before anything is read.
 */
export async function workOfRequest(req: IncomingMessage, deps: AccountRouteDeps): Promise<UnitOfWork> {
  const caller = await authenticate(req, deps.orm, deps.keys, deps.logger, { apiKeyRateLimit: deps.config.apiKeyRateLimit });
  if (caller.kind === 'anonymous') throw refuse(401, ErrorCode.UNAUTHENTICATED, 'You need to log in first.');
  if (caller.kind === 'rejected') throw refuse(caller.code === ErrorCode.RATE_LIMITED ? 429 : 401, caller.code ?? ErrorCode.UNAUTHENTICATED, caller.reason, caller.extensions);
  const scope = caller.scope;
  if (!scope) {
    const denied = caller.kind === 'user' ? caller.scopeDenied : undefined;
    throw refuse(403, denied?.code ?? ErrorCode.FORBIDDEN, denied?.message ?? 'Choose an account first (switchAccount or createAccount).');
  }
  await scope.details();
  return unitOfWork(scope, deps.orm);
}

/**
 * The caller of a signed link (auth/download-token.ts): the session must still
 * be live and the membership active (and the account's two-factor policy
 * met), as on every request; the role is today's, not the one at signing.
 */
export async function workOfGrant(grant: DownloadGrant, deps: AccountRouteDeps): Promise<UnitOfWork | undefined> {
  const globalEm = deps.orm.em.fork() as EntityManager;
  const [row] = await globalEm.execute<
    { membership_id: string; role: Role; status: MembershipStatus; name: string; slug: string; schema_name: string; plan_code: string }[]
  >(
    `select m.id as membership_id, m.role, m.status, a.name, a.slug, a.schema_name, a.plan_code
     from session s join membership m on m.user_id = s.user_id and m.account_id = ? join account a on a.id = m.account_id and a.deleted_at is null
       join app_user u on u.id = s.user_id
     where s.id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > now()
       and (not a.two_factor_required or u.has_second_factor)`,
    [grant.accountId, grant.sessionId, grant.userId],
  );
  if (!row || row.status !== MembershipStatus.ACTIVE) return undefined;
  const scope = AccountScope.verified(
    deps.orm,
    { account: { id: grant.accountId, name: row.name, slug: row.slug, schemaName: row.schema_name, planCode: row.plan_code }, membership: { id: row.membership_id, role: row.role } },
    grant.userId,
  );
  return unitOfWork(scope, deps.orm);
}

/** A second unit of work for the same caller, after the first one's transaction ended (an upload stores its bytes in between). */
export async function nextWork(work: UnitOfWork, deps: AccountRouteDeps): Promise<UnitOfWork> {
  const scope = AccountScope.verified(deps.orm, await work.scope.details(), work.userId, work.scope.apiKeyId);
  return unitOfWork(scope, deps.orm);
}
