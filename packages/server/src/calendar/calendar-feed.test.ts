import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { authFields, memberWithRole, signUpNew, signUpVerified, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const createFeed = 'mutation { createCalendarFeed { url webcalUrl feed { createdAt lastReadAt } } }';
type Event = { uid: string; summary: string; start: string; allDay: boolean; url: string | null };

/** Reads the feed as a calendar program would, and parses it back with ical.js (a library other than the one that wrote it). */
async function readFeed(url: string): Promise<{ status: number; type: string | null; events: Event[] }> {
  const response = await fetch(`${app.url}${new URL(url).pathname}`);
  if (response.status !== 200) return { status: response.status, type: response.headers.get('content-type'), events: [] };
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return { uid: event.uid, summary: event.summary, start: event.startDate.toString(), allDay: event.startDate.isDate, url: component.getFirstPropertyValue('url') as string | null };
  });
  return { status: 200, type: response.headers.get('content-type'), events: events.sort((a, b) => a.start.localeCompare(b.start)) };
}

async function task(client: TestClient, title: string, dueDate: string | null): Promise<string> {
  return (await client.data('mutation($t: String!, $d: String) { createTask(input: { title: $t, dueDate: $d }) { id } }', { t: title, d: dueDate })).createTask.id;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('the calendar feed', () => {
  it("serves my dated tasks from every account as all-day events named with their account, and nobody else's", async () => {
    const me = new TestClient(app.url);
    const nord = (await signUpVerified(me, { accountName: 'Nord GmbH' })).auth.account;
    const sued = (await me.data(`mutation { createAccount(input: { name: "Süd AG", planCode: "TEAM" }) { ${authFields} } }`)).createAccount;
    const suedClient = new TestClient(app.url);
    suedClient.token = sued.accessToken;
    const call = await task(me, 'Call Ada', day(1));
    const done = await task(me, 'Old offer', day(-2));
    await me.data('mutation($id: ID!) { updateTask(id: $id, input: { done: true }) { id } }', { id: done });
    await task(me, 'No date', null);
    await task(me, 'Long ago', day(-200));
    await task(suedClient, 'Visit Süd', day(5));
    const colleague = await memberWithRole(app.url, app.database.url, nord.id, 'NORMAL');
    await task(colleague, 'Colleague task', day(1));
    const stranger = new TestClient(app.url);
    await signUpNew(stranger);
    await task(stranger, 'Stranger task', day(1));

    const { createCalendarFeed } = await me.data(createFeed);
    expect(createCalendarFeed.url).toMatch(/^http:\/\/.+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(createCalendarFeed.webcalUrl).toBe(createCalendarFeed.url.replace(/^http:/, 'webcal:'));
    const feed = await readFeed(createCalendarFeed.url);
    expect(feed.type).toBe('text/calendar; charset=utf-8');
    expect(feed.events.map((e) => [e.summary, e.start, e.allDay])).toEqual([
      ['✓ Old offer (Nord GmbH)', day(-2), true],
      ['Call Ada (Nord GmbH)', day(1), true],
      ['Visit Süd (Süd AG)', day(5), true],
    ]);
    expect(feed.events[1]!.uid).toBe(`${call}@kontor`);
    expect((await me.data('{ calendarFeed { lastReadAt } }')).calendarFeed.lastReadAt).not.toBeNull();

    // Only the token's hash is stored.
    const token = /\/calendar\/(.+)\.ics$/.exec(createCalendarFeed.url)![1]!;
    const stored = await withClient(app.database.url, (db) => db.query(`select encode(token_hash, 'escape') as t from calendar_feed where user_id = (select id from app_user where id = (select user_id from membership where account_id = $1 and role = 'OWNER'))`, [nord.id]));
    expect(stored.rows).toHaveLength(1);
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    // Deactivated in Süd: its tasks leave the feed.
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1`, [sued.account.id]));
    expect((await readFeed(createCalendarFeed.url)).events.map((e) => e.summary)).toEqual(['✓ Old offer (Nord GmbH)', 'Call Ada (Nord GmbH)']);
  });

  it('regenerating ends the old URL, revoking ends the feed; unknown tokens and API keys get nothing', async () => {
    const me = new TestClient(app.url);
    await signUpNew(me);
    await task(me, 'Mine', day(0));
    expect((await me.data('{ calendarFeed { createdAt } }')).calendarFeed).toBeNull();
    const first = (await me.data(createFeed)).createCalendarFeed.url as string;
    const second = (await me.data(createFeed)).createCalendarFeed.url as string;
    expect(second).not.toBe(first);
    expect((await readFeed(first)).status).toBe(404);
    expect((await readFeed(second)).events.map((e) => e.summary)).toEqual(['Mine (Acme)']);
    expect((await me.data('mutation { revokeCalendarFeed }')).revokeCalendarFeed).toBe(true);
    expect((await readFeed(second)).status).toBe(404);
    expect((await me.data('{ calendarFeed { createdAt } }')).calendarFeed).toBeNull();
    expect((await me.data('mutation { revokeCalendarFeed }')).revokeCalendarFeed).toBe(false);
    expect((await fetch(`${app.url}/calendar/not-a-token.ics`)).status).toBe(404);

    const key = new TestClient(app.url);
    key.token = (await me.data('mutation { createApiKey(name: "k", role: NORMAL) { secret } }')).createApiKey.secret;
    expect((await key.request(createFeed)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await new TestClient(app.url).request(createFeed)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
