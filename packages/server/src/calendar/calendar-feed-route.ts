import type { IncomingMessage, ServerResponse } from 'node:http';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Orm } from '../db/orm.js';
import { readEveryAccount } from '../request/every-account.js';
import { calendarFeedUser } from './calendar-feed.service.js';

/** Tasks due this many days ago or later are in the feed: recent history, not years of it. */
export const calendarFeedDaysBack = 90;
/** At most this many tasks per account, the earliest due first. */
export const calendarFeedTasksPerAccount = 1000;

const path = /^\/calendar\/([A-Za-z0-9_-]{43})\.ics$/;

type FeedTask = { id: string; title: string; due_date: string; done: boolean; person_id: string | null; company_id: string | null };

/**
 * GET /calendar/<token>.ics: the private calendar feed of the user the token
 * belongs to (calendar-feed.service.ts): their tasks with a due date from
 * every account they are an active member of, each read in its own account's
 * transaction under its own role, as all-day events named with their account.
 * The token is the only credential (calendar programs send no other), so an
 * unknown, replaced or revoked one answers 404, telling nothing more.
 */
export function createCalendarFeedHandler(deps: { orm: Orm; publicUrl: string }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const token = path.exec(new URL(req.url ?? '/', 'http://localhost').pathname)?.[1];
    const userId = token ? await calendarFeedUser(deps.orm.em.fork(), token) : undefined;
    if (!userId) {
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('Not found\n');
      return;
    }
    const perAccount = await readEveryAccount(deps.orm, userId, (work) =>
      work.scope.query<FeedTask>(
        `select id, title, to_char(due_date, 'YYYY-MM-DD') as due_date, done, person_id, company_id from task
         where assignee_user_id = ? and due_date >= current_date - ?::int
         order by due_date, id limit ?`,
        [userId, calendarFeedDaysBack, calendarFeedTasksPerAccount],
      ),
    );
    const calendar = ical({ name: 'Kontor', prodId: { company: 'Kontor', product: 'Kontor tasks', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, ttl: 60 * 60 });
    for (const { account, result } of perAccount) {
      const base = `${deps.publicUrl}/a/${encodeURIComponent(account.account.slug)}`;
      for (const task of result) {
        const start = new Date(`${task.due_date}T00:00:00Z`);
        calendar.createEvent({
          id: `${task.id}@kontor`,
          start,
          allDay: true,
          summary: `${task.done ? '✓ ' : ''}${task.title} (${account.account.name})`,
          description: `${account.account.name}`,
          url: task.person_id ? `${base}/people/${task.person_id}` : task.company_id ? `${base}/companies/${task.company_id}` : `${base}/tasks`,
        });
      }
    }
    res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, no-store', 'content-disposition': 'inline; filename="kontor.ics"' });
    res.end(req.method === 'HEAD' ? undefined : calendar.toString());
  };
}
