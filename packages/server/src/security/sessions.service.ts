import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../db/ids.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { revokeOtherSessions, revokeSession } from '../auth/session.service.js';
import { browserFamily, describeClient } from './client-description.js';
import { LoginSession } from './security.types.js';

/** "Where you are logged in": the login's live sessions, the newest use first. */
export async function listSessions(globalEm: EntityManager, caller: { userId: string; sessionId: string }): Promise<LoginSession[]> {
  const rows = await globalEm.fork().execute<{ id: string; user_agent: string | null; ip: string | null; created_at: Date; last_used_at: Date }[]>(
    `select id, user_agent, ip, created_at, last_used_at from session
     where user_id = ? and revoked_at is null and expires_at > now() order by last_used_at desc, id limit 100`,
    [caller.userId],
  );
  return rows.map((row) => {
    const { browser, os, address } = describeClient(row.user_agent, row.ip);
    return Object.assign(new LoginSession(), {
      id: row.id,
      browser,
      os,
      clientAddress: address,
      createdAt: new Date(row.created_at),
      lastUsedAt: new Date(row.last_used_at),
      current: row.id === caller.sessionId,
    });
  });
}

/** Ends one of the login's own sessions (its tokens stop working on their next request). NOT_FOUND for any other, or one ended already. */
export async function endSession(globalEm: EntityManager, userId: string, sessionId: string): Promise<void> {
  const ended = isUuid(sessionId)
    ? await globalEm.fork().execute<{ id: string }[]>(
        `update session set revoked_at = now(), revoked_reason = 'ended by the user' where id = ? and user_id = ? and revoked_at is null returning id`,
        [sessionId, userId],
      )
    : [];
  if (ended.length !== 1) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such session of yours (it may have ended already).', { field: 'id' });
}

/** Ends every session of the login but the caller's; answers how many. */
export const endOtherSessions = (globalEm: EntityManager, caller: { userId: string; sessionId: string }): Promise<number> =>
  revokeOtherSessions(globalEm.fork(), caller.userId, caller.sessionId, 'ended by the user');

/** Whether the login has signed in from this browser family (browser and system) before, in any session it still has on record. */
export async function knownBrowser(em: EntityManager, userId: string, userAgent: string | undefined): Promise<boolean> {
  const rows = await em.execute<{ user_agent: string | null }[]>(
    `select distinct user_agent from session where user_id = ? and created_at > now() - interval '180 days' limit 200`,
    [userId],
  );
  const family = browserFamily(userAgent);
  return rows.some((row) => browserFamily(row.user_agent) === family);
}
