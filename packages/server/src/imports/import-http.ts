import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccountScope } from '../request/account-scope.js';
import { httpAccountCaller, refuse, type HttpRouteDeps } from '../request/http-account-caller.js';

export type ImportHttpDeps = HttpRouteDeps;
export { refuse };

/**
 * The import routes' caller, authenticated as the API does (`Authorization:
 * Bearer` with an access token or an API key, counted against its rate
 * limit), in an account, with the `records.import` right; otherwise the
 * request is answered here and undefined returned.
 */
export function importCaller(req: IncomingMessage, res: ServerResponse, deps: ImportHttpDeps): Promise<AccountScope | undefined> {
  return httpAccountCaller(req, res, deps, 'records.import', 'Your role may not import records.');
}
