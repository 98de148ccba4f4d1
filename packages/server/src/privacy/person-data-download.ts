import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyDownloadToken } from '../auth/download-token.js';
import { personName } from '../crm/people/person-name.js';
import { ErrorCode } from '../errors/errors.js';
import { contentDisposition } from '../files/file-name.js';
import { answerError, refuse, workOfGrant, type AccountRouteDeps } from '../http/account-routes.js';
import { can } from '../policies/account-rights.js';
import { personData } from './person-data.js';

export const personDataPath = '/privacy/person-data';

/** "Erika Mustermann - data.json": what the file is saved as, from the link and from the download alike. */
export const personDataFileName = (person: { firstName?: string | null; lastName?: string | null }) => `${personName(person)} - data.json`;

/**
 * `GET /privacy/person-data?token=…` (`personDataLink`): the session, the
 * membership and the `privacy.requests` right are checked as they are now,
 * then the person's data is answered as one JSON attachment.
 */
export function createPersonDataHandler(deps: AccountRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
      const verified = await verifyDownloadToken(deps.keys, 'privacy', token);
      const personId = verified?.claims.per;
      if (!verified || typeof personId !== 'string') throw refuse(401, ErrorCode.UNAUTHENTICATED, 'This link is not valid or has expired. Ask for a fresh one.');
      const work = await workOfGrant(verified.grant, deps);
      if (!work) throw refuse(401, ErrorCode.UNAUTHENTICATED, 'This link is no longer valid: your session ended or you are no longer a member of the account.');
      let data;
      try {
        if (!can(await work.scope.role(), 'privacy.requests')) throw refuse(403, ErrorCode.FORBIDDEN, 'Only owners and co-owners answer privacy requests.');
        data = await personData(work, personId);
      } finally {
        await work.scope.finish(true);
      }
      if (!data) throw refuse(404, ErrorCode.NOT_FOUND, 'There is no person with this ID in this account.');
      const person = data.person as { first_name?: string; last_name?: string };
      const fileName = personDataFileName({ firstName: person.first_name, lastName: person.last_name });
      const body = JSON.stringify(data, null, 2);
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': contentDisposition('attachment', fileName),
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      answerError(res, error, deps.logger);
    }
  };
}
