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

const today = '2026-03-10';
const myWorkQuery = 'query($today: String) { myWork(today: $today) { id title dueDate due subject { kind name } account { id name slug } } }';
const setDone = 'mutation($a: ID!, $t: ID!, $d: Boolean) { setTaskDoneInAccount(accountId: $a, taskId: $t, done: $d) { id title done account { name } } }';
type Row = { id: string; title: string; dueDate: string; due: string; subject: { kind: string; name: string } | null; account: { id: string; name: string } };

async function task(client: TestClient, title: string, dueDate: string | null, extra = ''): Promise<string> {
  const { createTask } = await client.data(`mutation($t: String!, $d: String) { createTask(input: { title: $t, dueDate: $d ${extra} }) { id } }`, { t: title, d: dueDate });
  return createTask.id;
}

/** A user with two accounts ("Nord" and "Süd"), the client scoped to Nord; returns both accounts. */
async function userWithTwoAccounts() {
  const me = new TestClient(app.url);
  const nord = (await signUpVerified(me, { accountName: 'Nord GmbH' })).auth.account;
  const nordToken = me.token;
  const sued = (await me.data(`mutation { createAccount(input: { name: "Süd AG", planCode: "TEAM" }) { ${authFields} } }`)).createAccount;
  const suedClient = new TestClient(app.url);
  suedClient.token = sued.accessToken;
  me.token = nordToken;
  return { me, nord, sued: sued.account as { id: string; name: string; slug: string }, suedClient };
}

describe('my work across accounts', () => {
  it('lists my open tasks overdue, due today and this week from every account I am active in, each naming its account', async () => {
    const { me, nord, sued, suedClient } = await userWithTwoAccounts();
    const { createPerson } = await me.data('mutation { createPerson(input: { firstName: "Ada", lastName: "Lang" }) { id } }');
    await task(me, 'Call Ada', '2026-03-08', `, personId: "${createPerson.id}"`);
    await task(me, 'Send offer', today);
    await task(me, 'Far away', '2026-03-17');
    await task(me, 'No date', null);
    const done = await task(me, 'Already done', '2026-03-09');
    await me.data('mutation($id: ID!) { updateTask(id: $id, input: { done: true }) { id } }', { id: done });
    const { createDeal } = await suedClient.data('mutation { createDeal(input: { title: "Alpine deal" }) { id } }');
    await task(suedClient, 'Visit Süd', '2026-03-16', `, dealId: "${createDeal.id}"`);
    // A colleague's task in Süd is not mine.
    const colleague = await memberWithRole(app.url, app.database.url, sued.id, 'NORMAL');
    await task(colleague, 'Colleague task', today);
    // A stranger's account is never read.
    const stranger = new TestClient(app.url);
    await signUpNew(stranger, { accountName: 'Fremd KG' });
    await task(stranger, 'Stranger task', today);

    const rows = (await me.data(myWorkQuery, { today })).myWork as Row[];
    expect(rows.map((r) => [r.title, r.dueDate, r.due, r.account.name, r.subject && `${r.subject.kind} ${r.subject.name}`])).toEqual([
      ['Call Ada', '2026-03-08', 'OVERDUE', 'Nord GmbH', 'PERSON Ada Lang'],
      ['Send offer', today, 'TODAY', 'Nord GmbH', null],
      ['Visit Süd', '2026-03-16', 'THIS_WEEK', 'Süd AG', 'DEAL Alpine deal'],
    ]);
    expect(rows[0]!.account.id).toBe(nord.id);

    // Deactivated in Süd: its tasks leave my work, whatever my token.
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1 and role = 'OWNER'`, [sued.id]));
    expect(((await me.data(myWorkQuery, { today })).myWork as Row[]).map((r) => r.title)).toEqual(['Call Ada', 'Send offer']);
  });

  it('refuses a today that is not a date, and needs a signed-in user (not an API key)', async () => {
    const { me } = await userWithTwoAccounts();
    const bad = await me.request(myWorkQuery, { today: '10.03.2026' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const key = new TestClient(app.url);
    key.token = (await me.data('mutation { createApiKey(name: "k", role: NORMAL) { secret } }')).createApiKey.secret;
    expect((await key.request(myWorkQuery, { today })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await new TestClient(app.url).request(myWorkQuery, { today })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('completing a task of another account without switching', () => {
  it('marks it done in its own account (timeline included) and open again, with a token scoped elsewhere', async () => {
    const { me, sued, suedClient } = await userWithTwoAccounts();
    const { createPerson } = await suedClient.data('mutation { createPerson(input: { lastName: "Berger" }) { id } }');
    const id = await task(suedClient, 'Follow up', today, `, personId: "${createPerson.id}"`);

    const result = (await me.data(setDone, { a: sued.id, t: id })).setTaskDoneInAccount;
    expect(result).toEqual({ id, title: 'Follow up', done: true, account: { name: 'Süd AG' } });
    expect((await suedClient.data('query($id: ID!) { task(id: $id) { done } }', { id })).task.done).toBe(true);
    expect((await me.data(myWorkQuery, { today })).myWork).toEqual([]);
    const timeline = await suedClient.data('query($id: ID!) { person(id: $id) { timeline { kind } } }', { id: createPerson.id });
    expect(JSON.stringify(timeline)).toContain('TASK_DONE');

    await me.data(setDone, { a: sued.id, t: id, d: false });
    expect((await suedClient.data('query($id: ID!) { task(id: $id) { done } }', { id })).task.done).toBe(false);
  });

  it('is refused, changing nothing, outside my active memberships, for another account\'s task, after log-out, for API keys and next to other mutations', async () => {
    const { me, nord, sued, suedClient } = await userWithTwoAccounts();
    const suedTask = await task(suedClient, 'Süd task', today);
    const stranger = new TestClient(app.url);
    const strangerAccount = (await signUpNew(stranger, { accountName: 'Fremd KG' })).auth.account;
    const strangerTask = await task(stranger, 'Stranger task', today);
    const code = async (client: TestClient, variables: Record<string, unknown>) => (await client.request(setDone, variables)).errors?.[0]?.extensions?.code;

    expect(await code(me, { a: strangerAccount.id, t: strangerTask })).toBe('FORBIDDEN');
    expect(await code(me, { a: 'not-an-id', t: strangerTask })).toBe('FORBIDDEN');
    // My own account's ID with another account's task: that task is not there.
    expect(await code(me, { a: nord.id, t: suedTask })).toBe('NOT_FOUND');
    expect(await code(me, { a: nord.id, t: strangerTask })).toBe('NOT_FOUND');
    const key = new TestClient(app.url);
    key.token = (await suedClient.data('mutation { createApiKey(name: "k", role: CO_OWNER) { secret } }')).createApiKey.secret;
    expect(await code(key, { a: sued.id, t: suedTask })).toBe('FORBIDDEN');
    const mixed = await me.request(`mutation($a: ID!, $t: ID!) { setTaskDoneInAccount(accountId: $a, taskId: $t) { id } createTag(input: { name: "x" }) { id } }`, { a: sued.id, t: suedTask });
    expect(mixed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    // Deactivated in Süd: refused at once.
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1`, [sued.id]));
    expect(await code(me, { a: sued.id, t: suedTask })).toBe('FORBIDDEN');
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'ACTIVE' where account_id = $1`, [sued.id]));
    // Logged out: the session has ended for every account.
    const tab = me.tab();
    tab.token = me.token;
    await me.data('mutation { logOut }');
    expect(await code(tab, { a: sued.id, t: suedTask })).toBe('UNAUTHENTICATED');

    expect((await stranger.data('query($id: ID!) { task(id: $id) { done } }', { id: strangerTask })).task.done).toBe(false);
    const suedDone = await withClient(app.database.url, (db) => db.query(`select done from acct_${sued.id.replace(/-/g, '')}.task where id = $1`, [suedTask]));
    expect(suedDone.rows).toEqual([{ done: false }]);
  });
});

describe('account badges', () => {
  it('count my overdue tasks per account and, for those who manage the team, the invitations waiting for an answer', async () => {
    const { me, nord, sued, suedClient } = await userWithTwoAccounts();
    await task(me, 'Late one', '2026-03-01');
    await task(me, 'Late two', '2026-03-09');
    await task(me, 'Due today', today);
    await task(suedClient, 'Late in Süd', '2026-02-01');
    await me.data('mutation { inviteUser(input: { email: "invitee-badge@example.com", firstName: "In", lastName: "Vitee", role: NORMAL }) { id } }');
    // In an account where I am a NORMAL member, its invitations are not mine to answer for.
    const other = new TestClient(app.url);
    const otherAccount = (await signUpVerified(other, { accountName: 'Andere GmbH' })).auth.account;
    await other.data('mutation { inviteUser(input: { email: "someone-else@example.com", firstName: "Some", lastName: "One", role: NORMAL }) { id } }');
    const userId = (await me.data('{ me { user { id } } }')).me.user.id;
    await withClient(app.database.url, (db) =>
      db.query(`insert into membership (id, user_id, account_id, role, status) values (gen_random_uuid(), $1, $2, 'NORMAL', 'ACTIVE')`, [userId, otherAccount.id]),
    );

    const badges = (await me.data('query($today: String) { accountBadges(today: $today) { account { id name } overdueTasks pendingInvitations } }', { today })).accountBadges;
    expect(badges).toEqual([
      { account: { id: otherAccount.id, name: 'Andere GmbH' }, overdueTasks: 0, pendingInvitations: 0 },
      { account: { id: nord.id, name: 'Nord GmbH' }, overdueTasks: 2, pendingInvitations: 1 },
      { account: { id: sued.id, name: 'Süd AG' }, overdueTasks: 1, pendingInvitations: 0 },
    ]);
  });
});
