import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '../errors/errors.js';
import { isPreviewable } from './content-type.js';
import { grantOfToken } from './download-link.js';
import { answerError, refuse, workOfGrant, workOfRequest } from '../http/account-routes.js';
import type { FileRouteDeps } from './file-routes.js';
import { contentDisposition } from './file-name.js';
import { fileById } from './files.service.js';

export const filePathPattern = /^\/files\/([0-9a-fA-F-]{36})$/;

/**
 * What a downloaded file may do in a browser: nothing. `sandbox` makes the
 * response a document of an opaque origin without script, even when opened
 * directly at this server's address, so a file can never act as the app
 * (read its pages or call its API); `default-src 'none'` lets it load
 * nothing, but the image itself; it may be framed by the app only.
 */
export const downloadContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

/**
 * `GET /files/<id>` with a signed link's `?token=` (`AttachedFile.downloadUrl`)
 * or an `Authorization: Bearer` access token or API key. Always
 * `X-Content-Type-Options: nosniff` and the content type detected on upload;
 * `Content-Disposition: attachment` unless `?inline=1` asks for a preview of
 * an image or PDF. Another account's file and an unknown one look alike: 404.
 */
export function createFileDownloadHandler(deps: FileRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const fileId = filePathPattern.exec(url.pathname)?.[1]?.toLowerCase();
      if (!fileId) throw refuse(404, ErrorCode.NOT_FOUND, 'Not found');
      const token = url.searchParams.get('token');
      let work;
      if (token !== null) {
        const grant = await grantOfToken(deps.keys, token);
        if (!grant || grant.fileId !== fileId) throw refuse(401, ErrorCode.UNAUTHENTICATED, 'This download link is not valid or has expired. Open the list of files again for a fresh one.');
        work = await workOfGrant(grant, deps);
        if (!work) throw refuse(404, ErrorCode.NOT_FOUND, 'There is no file with this ID in this account.');
      } else {
        work = await workOfRequest(req, deps);
      }
      let file;
      try {
        file = await fileById(work, fileId);
      } finally {
        await work.scope.finish(true);
      }
      if (!file) throw refuse(404, ErrorCode.NOT_FOUND, 'There is no file with this ID in this account.');
      const body = await deps.storage.get(file.storageKey);
      if (!body) {
        deps.logger.error('a file row has no bytes in the storage', { fileId: file.id, key: file.storageKey });
        throw refuse(404, ErrorCode.NOT_FOUND, 'The bytes of this file are missing from the storage.');
      }
      const inline = url.searchParams.get('inline') === '1' && isPreviewable(file.contentType);
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-length': file.size,
        'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', file.name),
        'content-security-policy': downloadContentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'cache-control': 'private, no-store',
        'cross-origin-resource-policy': 'same-origin',
      });
      if (req.method === 'HEAD') {
        body.destroy();
        res.end();
        return;
      }
      await pipeline(body, res).catch(() => undefined);
    } catch (error) {
      answerError(res, error, deps.logger);
    }
  };
}
