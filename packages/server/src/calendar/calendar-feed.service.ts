import type { EntityManager } from '@mikro-orm/postgresql';
import { hashLinkToken, newLinkToken } from '../auth/link-token.js';
import type { CalendarFeed, NewCalendarFeed } from './calendar-feed.types.js';

/** The feed's path: GET /calendar/<token>.ics (calendar-feed-route.ts). */
export const calendarFeedPath = (token: string) => `/calendar/${token}.ics`;

/** The user's feed, or null when they have none (never made, or revoked). */
export async function calendarFeedOf(globalEm: EntityManager, userId: string): Promise<CalendarFeed | null> {
  const [row] = await globalEm.execute<{ created_at: string; last_read_at: string | null }[]>(`select created_at, last_read_at from calendar_feed where user_id = ?`, [userId]);
  // Raw rows carry timestamps as text.
  return row ? { createdAt: new Date(row.created_at), lastReadAt: row.last_read_at === null ? null : new Date(row.last_read_at) } : null;
}

/** Makes the user's feed URL, replacing the previous one (which stops working at once). The URL is returned only here. */
export async function createCalendarFeed(globalEm: EntityManager, userId: string, publicUrl: string): Promise<NewCalendarFeed> {
  const token = newLinkToken();
  const [row] = await globalEm.execute<{ created_at: string }[]>(
    `insert into calendar_feed (user_id, token_hash) values (?, ?)
     on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = now(), last_read_at = null
     returning created_at`,
    [userId, hashLinkToken(token)],
  );
  const url = `${publicUrl}${calendarFeedPath(token)}`;
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:'), feed: { createdAt: new Date(row!.created_at), lastReadAt: null } };
}

/** Turns the feed off: its URL stops working. True when there was one. */
export async function revokeCalendarFeed(globalEm: EntityManager, userId: string): Promise<boolean> {
  const rows = await globalEm.execute<{ user_id: string }[]>(`delete from calendar_feed where user_id = ? returning user_id`, [userId]);
  return rows.length > 0;
}

/** The user a feed token belongs to (noting the read), or undefined for an unknown or replaced token. */
export async function calendarFeedUser(globalEm: EntityManager, token: string): Promise<string | undefined> {
  const [row] = await globalEm.execute<{ user_id: string }[]>(`update calendar_feed set last_read_at = now() where token_hash = ? returning user_id`, [hashLinkToken(token)]);
  return row?.user_id;
}
