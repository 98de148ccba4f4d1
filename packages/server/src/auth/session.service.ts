import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { isUuid } from '../db/ids.js';

const sessionLifetimeDays = 30;
/**
 * Two tabs share one refresh cookie and may refresh at the same moment: the
 * token that was just replaced is still accepted this long (without rotating
 * again). Outside this window its reuse means theft.
 */
export const refreshGraceSeconds = 5;

export interface IssuedRefreshToken {
  /** The cookie value: `<session id>.<secret>`; only the secret's hash is stored. */
  cookieValue: string;
  expiresAt: Date;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();
const newSecret = () => randomBytes(32).toString('base64url');

/**
 * A new session for the login. Its row is held (FOR SHARE) while the session
 * is written: a merge that retires the login (security/login-merge.service.ts)
 * holds it FOR UPDATE, so a log-in racing a merge either ends up among the
 * sessions the merge ends, or sees the login retired and gets none.
 */
export async function createSession(em: EntityManager, userId: string, client: ClientInfo): Promise<{ sessionId: string; refresh: IssuedRefreshToken }> {
  const sessionId = randomUUID();
  const secret = newSecret();
  const row = await em.transactional(async (tx) => {
    const live = await tx.execute(`select 1 from app_user where id = ? and retired_at is null for share`, [userId]);
    if (live.length === 0) throw new KontorError(ErrorCode.INVALID_CREDENTIALS, 'This login was merged into another one and can no longer log in.');
    const [inserted] = await tx.execute<{ expires_at: Date }[]>(
      `insert into session (id, user_id, refresh_token_hash, expires_at, user_agent, ip)
       values (?, ?, ?, now() + make_interval(days => ?), ?, ?) returning expires_at`,
      [sessionId, userId, hashSecret(secret), sessionLifetimeDays, client.userAgent?.slice(0, 500) ?? null, client.ip],
    );
    return inserted!;
  });
  return { sessionId, refresh: { cookieValue: `${sessionId}.${secret}`, expiresAt: new Date(row.expires_at) } };
}

export type RefreshOutcome =
  | { kind: 'rotated'; userId: string; sessionId: string; refresh: IssuedRefreshToken }
  /** The just-replaced token, within the grace period: the browser already holds the new cookie. */
  | { kind: 'grace'; userId: string; sessionId: string };

/**
 * Exchanges a refresh token for a new one. Runs in its own transaction and
 * locks the session row, so two refreshes at once are serialised: the second
 * sees the first one's rotation and takes the grace path.
 */
export async function rotateRefreshToken(globalEm: EntityManager, cookieValue: string): Promise<RefreshOutcome> {
  const [sessionId, secret] = cookieValue.split('.');
  if (!sessionId || !secret || !isUuid(sessionId)) throw sessionEnded('The refresh token is malformed.');
  const presented = hashSecret(secret);

  const outcome = await globalEm.fork().transactional(async (em) => {
    const [session] = await em.execute<
      { user_id: string; refresh_token_hash: Buffer; previous_token_hash: Buffer | null; within_grace: boolean; live: boolean }[]
    >(
      `select user_id, refresh_token_hash, previous_token_hash,
              coalesce(rotated_at > now() - make_interval(secs => ?), false) as within_grace,
              revoked_at is null and expires_at > now() as live
       from session where id = ? for update`,
      [refreshGraceSeconds, sessionId],
    );
    if (!session || !session.live) return { kind: 'ended' as const };
    if (timingSafeEqual(presented, session.refresh_token_hash)) {
      const next = newSecret();
      const [row] = await em.execute<{ expires_at: Date }[]>(
        `update session set previous_token_hash = refresh_token_hash, refresh_token_hash = ?, rotated_at = now(),
           last_used_at = now(), expires_at = now() + make_interval(days => ?)
         where id = ? returning expires_at`,
        [hashSecret(next), sessionLifetimeDays, sessionId],
      );
      return {
        kind: 'rotated' as const,
        userId: session.user_id,
        sessionId,
        refresh: { cookieValue: `${sessionId}.${next}`, expiresAt: new Date(row!.expires_at) },
      };
    }
    const isPrevious = session.previous_token_hash !== null && timingSafeEqual(presented, session.previous_token_hash);
    if (isPrevious && session.within_grace) return { kind: 'grace' as const, userId: session.user_id, sessionId };
    // A secret this session never had proves nothing: the session ID alone must not end someone's session.
    if (!isPrevious) return { kind: 'ended' as const };
    // The replaced token presented again: someone else holds a copy. End the session for everyone.
    await em.execute(`update session set revoked_at = now(), revoked_reason = 'refresh token reused' where id = ?`, [sessionId]);
    return { kind: 'reused' as const };
  });

  if (outcome.kind === 'ended') throw sessionEnded('Your session has ended. Please log in again.');
  if (outcome.kind === 'reused') throw sessionEnded('This refresh token was already used, so the session was ended for safety. Please log in again.');
  return outcome;
}

export async function revokeSession(em: EntityManager, sessionId: string, reason: string): Promise<void> {
  await em.execute(`update session set revoked_at = now(), revoked_reason = ? where id = ? and revoked_at is null`, [reason, sessionId]);
}

/**
 * Ends every live session of the user but `keep` (the caller's own, when a
 * signed-in user changes the password; none after a reset by mail). Every
 * token of those sessions stops working on its next request.
 */
export async function revokeOtherSessions(em: EntityManager, userId: string, keep: string | undefined, reason: string): Promise<number> {
  const rows = await em.execute<{ id: string }[]>(
    `update session set revoked_at = now(), revoked_reason = ? where user_id = ? and revoked_at is null and id is distinct from ? returning id`,
    [reason, userId, keep ?? null],
  );
  return rows.length;
}

/**
 * Ends the session a refresh cookie belongs to, but only when the cookie's
 * secret is the session's current or just-replaced one: a session ID alone
 * (it travels in the clear inside every cookie and log line) must not end
 * someone else's session. A cookie that fails the check ends nothing.
 */
export async function revokeSessionOfCookie(em: EntityManager, cookieValue: string, reason: string): Promise<void> {
  const [sessionId, secret] = cookieValue.split('.');
  if (!sessionId || !secret || !isUuid(sessionId)) return;
  const presented = hashSecret(secret);
  // Comparing SHA-256 hashes of 256-bit random secrets: timing reveals nothing an attacker can use.
  await em.execute(
    `update session set revoked_at = now(), revoked_reason = ?
     where id = ? and revoked_at is null and (refresh_token_hash = ? or previous_token_hash = ?)`,
    [reason, sessionId, presented, presented],
  );
}

function sessionEnded(message: string): KontorError {
  return new KontorError(ErrorCode.UNAUTHENTICATED, message);
}
