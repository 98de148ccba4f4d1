import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { downloadLink, verifyDownloadToken, type DownloadGrant } from '../auth/download-token.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import { ErrorCode } from '../errors/errors.js';
import { contentDisposition } from '../files/file-name.js';
import type { FileRouteDeps } from '../files/file-routes.js';
import { answerError, refuse, workOfGrant } from '../http/account-routes.js';
import { can } from '../policies/account-rights.js';
import { AuditAction } from '../audit/audit-action.js';
import { audit } from '../audit/audit-trail.js';
import { dropPackageBytes } from './package-bytes.js';

export const packagePathPattern = /^\/account-packages\/([0-9a-fA-F-]{36})\.zip$/;
const packagePath = (id: string) => `/account-packages/${id}.zip`;

/**
 * A single-use link to a ready package: a download token (auth/download-token.ts,
 * 5 minutes) for this package, user, session and account, with an ID of its
 * own that the download writes into `account_package_download`; a second
 * opening of the same link is refused (`DOWNLOAD_LINK_USED`, 410).
 */
export function packageLinkOf(keys: SigningKeys, grant: DownloadGrant, packageId: string, now = new Date()): Promise<{ url: string; expiresAt: Date }> {
  return downloadLink(keys, 'package', grant, { pkg: packageId, tid: randomUUID() }, packagePath(packageId), now);
}

/**
 * `GET /account-packages/<id>.zip?token=…`: checks the session, the membership
 * and `account.package` as they are now, marks the link used and checks that
 * the package is ready and not expired, in one transaction, before the first
 * byte; then streams the ZIP from the storage, and once the last byte is out
 * deletes it there: a package is downloaded once.
 */
export function createPackageDownloadHandler(deps: FileRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const packageId = packagePathPattern.exec(url.pathname)?.[1]?.toLowerCase();
      if (!packageId) throw refuse(404, ErrorCode.NOT_FOUND, 'Not found');
      const verified = await verifyDownloadToken(deps.keys, 'package', url.searchParams.get('token') ?? '');
      const tokenId = verified?.claims.tid;
      if (!verified || verified.claims.pkg !== packageId || typeof tokenId !== 'string') {
        throw refuse(401, ErrorCode.UNAUTHENTICATED, 'This download link is not valid or has expired. Take a fresh one under "Export everything".');
      }
      const work = await workOfGrant(verified.grant, deps);
      if (!work) throw refuse(401, ErrorCode.UNAUTHENTICATED, 'This download link is no longer valid: your session ended or you are no longer a member of the account.');
      let found: { storage_key: string; byte_size: string } | undefined;
      let committed = false;
      try {
        if (!can(await work.scope.role(), 'account.package')) throw refuse(403, ErrorCode.FORBIDDEN, 'Only owners and co-owners may download the account package.');
        // The link first: a used one says so even once the package it took is gone.
        const used = await work.scope.query(`insert into account_package_download (token_id, package_id, user_id) values (?, ?, ?) on conflict do nothing returning token_id`, [
          tokenId,
          packageId,
          work.userId,
        ]);
        if (used.length === 0) throw refuse(410, ErrorCode.DOWNLOAD_LINK_USED, 'This download link was used already: each works once. Take a fresh one under "Export everything".');
        [found] = await work.scope.query<{ storage_key: string; byte_size: string }>(
          `select storage_key, byte_size from account_package where id = ? and status = 'READY' and storage_key is not null and expires_at > now()`,
          [packageId],
        );
        if (!found) throw refuse(404, ErrorCode.NOT_FOUND, 'This package is not there (any more): a package can be downloaded once, within 7 days, and only the newest one. Make a new one under "Export everything".');
        await audit(work, await work.accountEm(), { action: AuditAction.ACCOUNT_PACKAGE_DOWNLOADED, target: { type: 'ACCOUNT_PACKAGE', id: packageId }, changes: { bytes: Number(found.byte_size) } });
        await work.scope.finish(true);
        committed = true;
      } finally {
        if (!committed) await work.scope.finish(false);
      }
      const body = await deps.storage.get(found.storage_key);
      if (!body) throw refuse(404, ErrorCode.NOT_FOUND, 'The package\'s bytes are missing from the storage. Make a new package.');
      const { account } = await work.scope.details();
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-length': found.byte_size,
        'content-disposition': contentDisposition('attachment', `kontor-${account.slug}-${new Date().toISOString().slice(0, 10)}.zip`),
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      });
      await pipeline(body, res);
      // Taken to its last byte: the package has served its one use, and its copy here goes (package-bytes.ts).
      await dropPackageBytes(deps.orm, deps.storage, { accountId: account.id, packageId }, 'downloaded');
    } catch (error) {
      answerError(res, error, deps.logger);
    }
  };
}
