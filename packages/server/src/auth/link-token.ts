import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe: the secret part of a mailed link (invitations, e-mail verification). */
export const newLinkToken = (): string => randomBytes(32).toString('base64url');

/** What is stored of a link's token: its SHA-256, so the table cannot be turned into working links. */
export const hashLinkToken = (token: string): Buffer => createHash('sha256').update(token).digest();
