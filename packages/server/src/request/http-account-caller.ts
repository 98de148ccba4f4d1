import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SigningKeys } from '../auth/signing-keys.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import { ErrorCode } from '../errors/errors.js';
import { discardRest } from '../http/read-body.js';
import type { Logger } from '../logging/logger.js';
import { can, peopleOnlyRights, type Right } from '../policies/account-rights.js';
import type { AccountScope } from './account-scope.js';
import { authenticate } from './authenticate.js';

export type HttpRouteDeps = { orm: Orm; keys: SigningKeys; config: Config; logger: Logger };

/** Answers with an error as the GraphQL API words them (`errors[0].extensions.code`); an unread request body is discarded. */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string): void {
  if (!req.readableEnded) discardRest(req);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * The caller of a plain HTTP route (an upload, a CSV download), authenticated
 * as the API does (`Authorization: Bearer` with an access token or an API
 * key, counted against its rate limit), in an account, holding `right` as
 * `@InAccount(right)` would require it (API keys never hold a people-only
 * right); otherwise the request is answered here and undefined returned.
 */
export async function httpAccountCaller(req: IncomingMessage, res: ServerResponse, deps: HttpRouteDeps, right: Right, refusal: string): Promise<AccountScope | undefined> {
  const caller = await authenticate(req, deps.orm, deps.keys, deps.logger, { apiKeyRateLimit: deps.config.apiKeyRateLimit });
  if (caller.kind === 'anonymous') return void refuse(req, res, 401, ErrorCode.UNAUTHENTICATED, 'You need to log in first.');
  if (caller.kind === 'rejected') return void refuse(req, res, caller.code === ErrorCode.RATE_LIMITED ? 429 : 401, caller.code ?? ErrorCode.UNAUTHENTICATED, caller.reason);
  const scope = caller.scope;
  if (!scope) {
    const denied = caller.kind === 'user' ? caller.scopeDenied : undefined;
    return void refuse(req, res, 403, denied?.code ?? ErrorCode.FORBIDDEN, denied?.message ?? 'Switch to an account first.');
  }
  if ((scope.apiKeyId && peopleOnlyRights.includes(right)) || !can(await scope.role(), right)) {
    await scope.finish(false);
    return void refuse(req, res, 403, ErrorCode.FORBIDDEN, refusal);
  }
  return scope;
}
