import { jwtVerify, SignJWT } from 'jose';
import { tokenAlgorithm, type SigningKeys } from '../auth/signing-keys.js';

/**
 * Links to a file's bytes (`GET /files/<id>?token=…`). The web app keeps its
 * access token in memory, so an `<img>` or a download link cannot carry it:
 * `downloadUrl` adds a token signed for this one file, user, session and
 * account, valid for 5 minutes, of its own audience (no access token), as
 * invoice PDFs do. The session and membership are checked again on download.
 */
const audience = 'kontor-file-download';
const type = 'kontor-file+jwt';
export const fileLinkLifetimeSeconds = 5 * 60;

export interface FileGrant {
  fileId: string;
  userId: string;
  sessionId: string;
  accountId: string;
}

export async function signedFileUrl(keys: SigningKeys, grant: FileGrant, options: { inline?: boolean } = {}, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ sid: grant.sessionId, acc: grant.accountId, fil: grant.fileId })
    .setProtectedHeader({ alg: tokenAlgorithm, typ: type, kid: keys.keyId })
    .setIssuer('kontor')
    .setAudience(audience)
    .setSubject(grant.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + fileLinkLifetimeSeconds)
    .sign(keys.privateKey);
  return `${filePath(grant.fileId)}?${options.inline ? 'inline=1&' : ''}token=${encodeURIComponent(token)}`;
}

/** The path of a file's bytes; with `Authorization: Bearer` (an API key or access token) it needs no token. */
export const filePath = (fileId: string) => `/files/${fileId}`;

export async function grantOfToken(keys: SigningKeys, token: string): Promise<FileGrant | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, { algorithms: [tokenAlgorithm], issuer: 'kontor', audience, typ: type, requiredClaims: ['exp', 'sub', 'sid', 'acc', 'fil'] });
    const { sid, acc, fil, sub } = payload;
    if (typeof sid !== 'string' || typeof acc !== 'string' || typeof fil !== 'string' || typeof sub !== 'string') return undefined;
    return { fileId: fil, userId: sub, sessionId: sid, accountId: acc };
  } catch {
    return undefined;
  }
}
