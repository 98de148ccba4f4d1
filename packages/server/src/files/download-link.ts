import { signDownloadToken, verifyDownloadToken, type DownloadGrant } from '../auth/download-token.js';
import type { SigningKeys } from '../auth/signing-keys.js';

/**
 * Links to a file's bytes (`GET /files/<id>?token=…`): a download token
 * (auth/download-token.ts) for this one file, user, session and account. The
 * session and membership are checked again on download.
 */
export interface FileGrant extends DownloadGrant {
  fileId: string;
}

export async function signedFileUrl(keys: SigningKeys, grant: FileGrant, options: { inline?: boolean } = {}, now = new Date()): Promise<string> {
  const token = await signDownloadToken(keys, 'file', grant, { fil: grant.fileId }, now);
  return `${filePath(grant.fileId)}?${options.inline ? 'inline=1&' : ''}token=${encodeURIComponent(token)}`;
}

/** The path of a file's bytes; with `Authorization: Bearer` (an API key or access token) it needs no token. */
export const filePath = (fileId: string) => `/files/${fileId}`;

export async function grantOfToken(keys: SigningKeys, token: string): Promise<FileGrant | undefined> {
  const verified = await verifyDownloadToken(keys, 'file', token);
  const fileId = verified?.claims.fil;
  return verified && typeof fileId === 'string' ? { ...verified.grant, fileId } : undefined;
}
