import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { hashLinkToken, newLinkToken } from './link-token.js';

/**
 * The links mailed to a login (table `login_link`): confirming its address,
 * resetting its password, confirming a new address, letting another login
 * take it over (security/login-merge-link.service.ts). One set of rules for
 * all: only the token's SHA-256 is stored (a database dump yields no working
 * link), a link works once and until it expires, and sending a new one of a
 * kind ends the user's older unused ones of that kind.
 */
export type LinkPurpose = 'verify-email' | 'reset-password' | 'change-email' | 'merge-login';

/** The error codes a refused link of a kind answers with. */
export interface LinkRefusals {
  invalid: { code: ErrorCode; message: string };
  used: { code: ErrorCode; message: string };
  expired: { code: ErrorCode; message: string };
}

/** A new link of `purpose` for `userId`, sent to `email`; older unused ones of the kind (and of the same asker) stop working. Call inside the transaction that mails it. */
export async function issueLink(
  em: EntityManager,
  link: { userId: string; email: string; purpose: LinkPurpose; lifetimeHours: number; requestedBy?: string },
): Promise<{ token: string; expiresAt: Date }> {
  // A merge link is its asker's: another login asking for one does not end it.
  await em.execute(`delete from login_link where user_id = ? and purpose = ? and used_at is null and requested_by is not distinct from ?`, [
    link.userId,
    link.purpose,
    link.requestedBy ?? null,
  ]);
  const token = newLinkToken();
  const [row] = await em.execute<{ expires_at: Date }[]>(
    `insert into login_link (id, user_id, purpose, email, token_hash, expires_at, requested_by)
     values (?, ?, ?, ?, ?, now() + make_interval(hours => ?), ?) returning expires_at`,
    [randomUUID(), link.userId, link.purpose, link.email, hashLinkToken(token), link.lifetimeHours, link.requestedBy ?? null],
  );
  return { token, expiresAt: new Date(row!.expires_at) };
}

export interface ClaimedLink {
  userId: string;
  /** The address the link was sent to. */
  email: string;
  /** The login's address now. */
  currentEmail: string;
  /** The login that asked for the link, for a 'merge-login' link (it alone may use it); null for the others. */
  requestedBy: string | null;
  expiresAt: Date;
}

/**
 * The live link of `purpose` with this token, read without using it (to show
 * what it will do before the user confirms). Refuses as claimLink does.
 */
export async function peekLink(em: EntityManager, purpose: LinkPurpose, token: string, refusals: LinkRefusals): Promise<ClaimedLink> {
  return (await findLiveLink(em, purpose, token, refusals, false)).link;
}

/**
 * Uses a link inside the caller's transaction: its row is locked, so two
 * clicks at once use it once, and the second is told it was used. When the
 * caller refuses afterwards (throws), the transaction rolls back and the link
 * stays unused.
 */
export async function claimLink(em: EntityManager, purpose: LinkPurpose, token: string, refusals: LinkRefusals): Promise<ClaimedLink> {
  const { id, link } = await findLiveLink(em, purpose, token, refusals, true);
  await em.execute(`update login_link set used_at = now() where id = ?`, [id]);
  return link;
}

const linkQuery = `select l.id, l.user_id, l.email, u.email as current_email, l.requested_by, l.expires_at, l.used_at, l.expires_at > now() as live
  from login_link l join app_user u on u.id = l.user_id
  where l.token_hash = ? and l.purpose = ?`;

/** The link's row (locked, to use it); refusals for an unknown, used or expired one. */
async function findLiveLink(em: EntityManager, purpose: LinkPurpose, token: string, refusals: LinkRefusals, lock: boolean): Promise<{ id: string; link: ClaimedLink }> {
  const [row] = await em.execute<
    { id: string; user_id: string; email: string; current_email: string; requested_by: string | null; expires_at: Date; used_at: Date | null; live: boolean }[]
  >(lock ? `${linkQuery} for update of l` : linkQuery, [hashLinkToken(token.trim()), purpose]);
  const refuse = (refusal: { code: ErrorCode; message: string }) => new KontorError(refusal.code, refusal.message);
  if (!row) throw refuse(refusals.invalid);
  if (row.used_at) throw refuse(refusals.used);
  if (!row.live) throw refuse(refusals.expired);
  return {
    id: row.id,
    link: { userId: row.user_id, email: row.email, currentEmail: row.current_email, requestedBy: row.requested_by, expiresAt: new Date(row.expires_at) },
  };
}

/** A link sent to an address the login no longer has proves nothing about the login. */
export const sentToCurrentAddress = (link: ClaimedLink): boolean => link.email.toLowerCase() === link.currentEmail.toLowerCase();
