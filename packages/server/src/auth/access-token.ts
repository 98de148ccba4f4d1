import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { tokenAlgorithm, type SigningKeys } from './signing-keys.js';

export const tokenIssuer = 'kontor';
export const tokenAudience = 'kontor-api';
const tokenType = 'at+jwt';
/** Short, so that a stolen token is worth little; the refresh cookie gets the next one. */
export const accessTokenLifetimeSeconds = 10 * 60;

export interface AccessClaims {
  userId: string;
  sessionId: string;
  /** The account the token is scoped to; undefined when unscoped. */
  accountId: string | undefined;
}

export async function signAccessToken(keys: SigningKeys, claims: AccessClaims, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + accessTokenLifetimeSeconds) * 1000);
  const token = await new SignJWT({ sid: claims.sessionId, ...(claims.accountId ? { acc: claims.accountId } : {}) })
    .setProtectedHeader({ alg: tokenAlgorithm, typ: tokenType, kid: keys.keyId })
    .setIssuer(tokenIssuer)
    .setAudience(tokenAudience)
    .setSubject(claims.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(keys.privateKey);
  return { token, expiresAt };
}

export class InvalidTokenError extends Error {}

/**
 * Verifies an access token: signature with our key and only our algorithm
 * (so `alg: none` or an HMAC forgery with the public key cannot pass), and
 * `iss`, `aud`, `typ`, `exp` and the claims we rely on.
 */
export async function verifyAccessToken(keys: SigningKeys, token: string): Promise<AccessClaims> {
  const cached = verified.get(token);
  if (cached && cached.keys === keys) {
    if (Date.now() < cached.expiresAtMs) return cached.claims;
    verified.delete(token);
    throw new InvalidTokenError('the access token has expired');
  }
  const { claims, expiresAtMs } = await verifySignedToken(keys, token);
  if (verified.size >= maxVerifiedTokens) verified.delete(verified.keys().next().value!);
  verified.set(token, { keys, claims, expiresAtMs });
  return claims;
}

/**
 * Tokens whose signature and claims were checked already, until they expire.
 * A token is sent with every request of a tab for minutes, and an Ed25519
 * check through WebCrypto costs more than the rest of a small request. The
 * session and membership are still checked on every request (authenticate.ts).
 */
const verified = new Map<string, { keys: SigningKeys; claims: AccessClaims; expiresAtMs: number }>();
const maxVerifiedTokens = 10_000;

async function verifySignedToken(keys: SigningKeys, token: string): Promise<{ claims: AccessClaims; expiresAtMs: number }> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: [tokenAlgorithm],
      issuer: tokenIssuer,
      audience: tokenAudience,
      typ: tokenType,
      requiredClaims: ['exp', 'sub', 'sid'],
    });
    if (typeof payload.sid !== 'string' || (payload.acc !== undefined && typeof payload.acc !== 'string')) {
      throw new InvalidTokenError('the token has malformed claims');
    }
    return {
      claims: { userId: payload.sub!, sessionId: payload.sid, accountId: payload.acc as string | undefined },
      expiresAtMs: payload.exp! * 1000,
    };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('the access token has expired');
    throw new InvalidTokenError('the access token is not valid');
  }
}
