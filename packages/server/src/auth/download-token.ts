import { jwtVerify, SignJWT } from 'jose';
import { tokenAlgorithm, type SigningKeys } from './signing-keys.js';

/**
 * Tokens for download links (a file's bytes, an invoice PDF, an export). The
 * web app keeps its access token in memory, so an `<img>` or a plain link
 * cannot carry it: the link carries a token signed with the server's key for
 * one user, session and account and one thing to download, valid for
 * minutes, of an audience per purpose, so it is never an access token nor a
 * link for another purpose. Whoever serves the download checks the session
 * and the membership again: a link never outlives the access behind it.
 */
export type DownloadPurpose = 'file' | 'invoice' | 'export' | 'privacy' | 'package';

export interface DownloadGrant {
  userId: string;
  sessionId: string;
  accountId: string;
}

export const downloadLinkLifetimeSeconds = 5 * 60;
const tokenType = 'kontor-download+jwt';
const audienceOf = (purpose: DownloadPurpose) => `kontor-${purpose}-download`;

/** What a download is of, as claims of the token (short names: the token travels in a URL). */
export type DownloadClaims = Record<string, string | string[] | Record<string, unknown>>;

export async function signDownloadToken(
  keys: SigningKeys,
  purpose: DownloadPurpose,
  grant: DownloadGrant,
  claims: DownloadClaims,
  now = new Date(),
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ ...claims, sid: grant.sessionId, acc: grant.accountId })
    .setProtectedHeader({ alg: tokenAlgorithm, typ: tokenType, kid: keys.keyId })
    .setIssuer('kontor')
    .setAudience(audienceOf(purpose))
    .setSubject(grant.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + downloadLinkLifetimeSeconds)
    .sign(keys.privateKey);
}

/** A link to `path` carrying a download token, and when it stops working. */
export async function downloadLink(
  keys: SigningKeys,
  purpose: DownloadPurpose,
  grant: DownloadGrant,
  claims: DownloadClaims,
  path: string,
  now = new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  const token = await signDownloadToken(keys, purpose, grant, claims, now);
  return { url: `${path}?token=${encodeURIComponent(token)}`, expiresAt: new Date(now.getTime() + downloadLinkLifetimeSeconds * 1000) };
}

/** The grant and claims of a valid, unexpired token of this purpose; undefined for anything else. */
export async function verifyDownloadToken(
  keys: SigningKeys,
  purpose: DownloadPurpose,
  token: string,
): Promise<{ grant: DownloadGrant; claims: Record<string, unknown> } | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: [tokenAlgorithm],
      issuer: 'kontor',
      audience: audienceOf(purpose),
      typ: tokenType,
      requiredClaims: ['exp', 'sub', 'sid', 'acc'],
    });
    const { sid, acc, sub, ...claims } = payload;
    if (typeof sid !== 'string' || typeof acc !== 'string' || typeof sub !== 'string') return undefined;
    return { grant: { userId: sub, sessionId: sid, accountId: acc }, claims };
  } catch {
    return undefined;
  }
}
