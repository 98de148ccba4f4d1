import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { memberWithRole, signUpNew, TestClient } from '../../testing/test-client.js';
import { withClient } from '../../testing/test-database.js';

let app: TestApp;
let owner: TestClient;
let ownerId: string;
let accountId: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = new TestClient(app.url);
  const { auth } = await signUpNew(owner, { planCode: 'BUSINESS' });
  ownerId = auth.user.id;
  accountId = auth.account.id;
});
afterAll(async () => {
  await app.stop();
});

const taskFields = 'id title dueDate done doneAt assignee { id } person { id lastName } company { id } deal { id } createdBy { id } createdAt updatedAt';
type Node = { node: { title: string } };
const titles = (connection: { edges: Node[] }) => connection.edges.map((e) => e.node.title);

async function newAccount(): Promise<{ client: TestClient; userId: string }> {
  const client = new TestClient(app.url);
  const { auth } = await signUpNew(client);
  return { client, userId: auth.user.id };
}

describe('tasks', () => {
  it('are created, read, updated, marked done (in the timeline) and deleted', async () => {
    const { createPerson } = await owner.data('mutation { createPerson(input: { lastName: "Tasker" }) { id } }');
    const { createTask } = await owner.data(`mutation($p: ID!) { createTask(input: { title: " Call back ", dueDate: "2026-12-01", personId: $p }) { ${taskFields} } }`, {
      p: createPerson.id,
    });
    expect(createTask).toMatchObject({
      title: 'Call back',
      dueDate: '2026-12-01',
      done: false,
      doneAt: null,
      assignee: { id: ownerId },
      createdBy: { id: ownerId },
      person: { id: createPerson.id, lastName: 'Tasker' },
      company: null,
      deal: null,
    });

    const { updateTask } = await owner.data(`mutation($id: ID!) { updateTask(id: $id, input: { title: "Call back Anna", done: true }) { title done doneAt } }`, { id: createTask.id });
    expect(updateTask).toMatchObject({ title: 'Call back Anna', done: true, doneAt: expect.any(String) });
    // Marking done again records nothing new.
    await owner.data(`mutation($id: ID!) { updateTask(id: $id, input: { done: true }) { id } }`, { id: createTask.id });

    const { person } = await owner.data(`query($id: ID!) { person(id: $id) { timeline { kind taskTitle } } }`, { id: createPerson.id });
    expect(person.timeline).toEqual([
      { kind: 'TASK_DONE', taskTitle: 'Call back Anna' },
      { kind: 'CREATED', taskTitle: null },
    ]);

    const reopened = await owner.data(`mutation($id: ID!) { updateTask(id: $id, input: { done: false, dueDate: null }) { done doneAt dueDate } }`, { id: createTask.id });
    expect(reopened.updateTask).toEqual({ done: false, doneAt: null, dueDate: null });

    expect((await owner.data(`mutation($id: ID!) { deleteTask(id: $id) }`, { id: createTask.id })).deleteTask).toBe(createTask.id);
    expect((await owner.data(`query($id: ID!) { task(id: $id) { id } }`, { id: createTask.id })).task).toBeNull();
    const again = await owner.request(`mutation($id: ID!) { deleteTask(id: $id) }`, { id: createTask.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('record TASK_DONE on a company and a deal too', async () => {
    const { client } = await newAccount();
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Done Co" }) { id } }');
    const { createDeal } = await client.data('mutation { createDeal(input: { title: "Done deal" }) { id } }');
    const { createTask: onCompany } = await client.data(`mutation($c: ID!) { createTask(input: { title: "Send offer", companyId: $c }) { id company { id } } }`, { c: createCompany.id });
    const { createTask: onDeal } = await client.data(`mutation($d: ID!) { createTask(input: { title: "Sign", dealId: $d }) { id deal { id } } }`, { d: createDeal.id });
    expect(onCompany.company.id).toBe(createCompany.id);
    expect(onDeal.deal.id).toBe(createDeal.id);
    for (const task of [onCompany, onDeal]) await client.data(`mutation($id: ID!) { updateTask(id: $id, input: { done: true }) { id } }`, { id: task.id });
    const { company } = await client.data(`query($id: ID!) { company(id: $id) { timeline { kind taskTitle } } }`, { id: createCompany.id });
    const { deal } = await client.data(`query($id: ID!) { deal(id: $id) { timeline { kind taskTitle } } }`, { id: createDeal.id });
    expect(company.timeline[0]).toEqual({ kind: 'TASK_DONE', taskTitle: 'Send offer' });
    expect(deal.timeline[0]).toEqual({ kind: 'TASK_DONE', taskTitle: 'Sign' });
  });

  it('page through a list by due date, undated tasks last, with the total', async () => {
    const { client } = await newAccount();
    for (const [title, due] of [['c', '2026-03-01'], ['none1', null], ['a', '2026-01-01'], ['none2', null], ['b', '2026-02-01']] as const) {
      await client.data(`mutation($t: String!, $d: String) { createTask(input: { title: $t, dueDate: $d }) { id } }`, { t: title, d: due });
    }
    const all = async (orderBy: string) => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const { tasks } = await client.data(`query($after: String) { tasks(first: 2, after: $after, orderBy: ${orderBy}) { edges { node { title } } pageInfo { hasNextPage endCursor } totalCount } }`, { after });
        expect(tasks.totalCount).toBe(5);
        seen.push(...titles(tasks));
        if (!tasks.pageInfo.hasNextPage) return seen;
        after = tasks.pageInfo.endCursor;
      }
    };
    const asc = await all('DUE_DATE_ASC');
    expect(asc.slice(0, 3)).toEqual(['a', 'b', 'c']);
    expect(asc.slice(3).sort()).toEqual(['none1', 'none2']);
    const desc = await all('DUE_DATE_DESC');
    expect(desc.slice(0, 3)).toEqual(['c', 'b', 'a']);
    expect(desc.slice(3).sort()).toEqual(['none1', 'none2']);
    expect(await all('CREATED_AT_DESC')).toEqual(['b', 'none2', 'a', 'none1', 'c']);
  });

  it('filter by done, due range, assignee, subject and text', async () => {
    const { client, userId } = await newAccount();
    const { createPerson } = await client.data('mutation { createPerson(input: { lastName: "Subject" }) { id } }');
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Subject Co" }) { id } }');
    const { createDeal } = await client.data('mutation { createDeal(input: { title: "Subject deal" }) { id } }');
    const make = async (input: Record<string, unknown>) => (await client.data(`mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`, { i: input })).createTask.id;
    const done = await make({ title: 'Finished report', dueDate: '2026-01-10', personId: createPerson.id });
    await client.data(`mutation($id: ID!) { updateTask(id: $id, input: { done: true }) { id } }`, { id: done });
    await make({ title: 'January call', dueDate: '2026-01-20', companyId: createCompany.id });
    await make({ title: 'February visit', dueDate: '2026-02-05', dealId: createDeal.id });
    await make({ title: 'Someday' });
    const list = async (filter: Record<string, unknown>) =>
      titles((await client.data(`query($f: TaskFilter) { tasks(filter: $f) { edges { node { title } } } }`, { f: filter })).tasks).sort();
    expect(await list({ done: true })).toEqual(['Finished report']);
    expect(await list({ done: false })).toEqual(['February visit', 'January call', 'Someday']);
    expect(await list({ dueAfter: '2026-01-15' })).toEqual(['February visit', 'January call']);
    expect(await list({ dueBefore: '2026-01-20' })).toEqual(['Finished report']);
    expect(await list({ dueAfter: '2026-01-01', dueBefore: '2026-02-01', done: false })).toEqual(['January call']);
    expect(await list({ assigneeUserId: userId })).toHaveLength(4);
    expect(await list({ assigneeUserId: ownerId })).toEqual([]);
    expect(await list({ personId: createPerson.id })).toEqual(['Finished report']);
    expect(await list({ companyId: createCompany.id })).toEqual(['January call']);
    expect(await list({ dealId: createDeal.id })).toEqual(['February visit']);
    expect(await list({ text: 'CALL' })).toEqual(['January call']);
    expect(await list({ personId: 'not-a-uuid' })).toEqual([]);
    const bad = await client.request('{ tasks(filter: { dueAfter: "2026-13-01" }) { totalCount } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.dueAfter' });
  });

  it('assign to an active member only, moving the subject keeps one', async () => {
    const normal = await memberWithRole(app.url, app.database.url, accountId, 'NORMAL');
    const normalId = (await normal.data('{ me { user { id } } }')).me.user.id;
    const { createTask } = await owner.data(`mutation($u: ID!) { createTask(input: { title: "For the colleague", assigneeUserId: $u }) { id assignee { id } } }`, { u: normalId });
    expect(createTask.assignee.id).toBe(normalId);
    expect((await normal.data(`query($u: ID!) { tasks(filter: { assigneeUserId: $u }) { totalCount } }`, { u: normalId })).tasks.totalCount).toBe(1);

    const { createPerson } = await owner.data('mutation { createPerson(input: { lastName: "First subject" }) { id } }');
    const { createCompany } = await owner.data('mutation { createCompany(input: { name: "Second subject" }) { id } }');
    await owner.data(`mutation($id: ID!, $p: ID!) { updateTask(id: $id, input: { personId: $p }) { id } }`, { id: createTask.id, p: createPerson.id });
    const moved = await owner.data(`mutation($id: ID!, $c: ID!) { updateTask(id: $id, input: { companyId: $c }) { person { id } company { id } } }`, { id: createTask.id, c: createCompany.id });
    expect(moved.updateTask).toEqual({ person: null, company: { id: createCompany.id } });

    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where user_id = $1 and account_id = $2`, [normalId, accountId]));
    const refused = await owner.request(`mutation($u: ID!) { createTask(input: { title: "Too late", assigneeUserId: $u }) { id } }`, { u: normalId });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'assigneeUserId' });
  });

  it('refuse bad input with the field named, creating and changing nothing', async () => {
    const { client } = await newAccount();
    const { createPerson } = await client.data('mutation { createPerson(input: { lastName: "P" }) { id } }');
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "C" }) { id } }');
    const missing = '00000000-0000-4000-8000-000000000099';
    for (const [input, field] of [
      [{ title: '  ' }, 'title'],
      [{ title: 'x'.repeat(301) }, 'title'],
      [{ title: 'X', dueDate: '2026-02-30' }, 'dueDate'],
      [{ title: 'X', assigneeUserId: missing }, 'assigneeUserId'],
      [{ title: 'X', personId: missing }, 'personId'],
      [{ title: 'X', companyId: 'nope' }, 'companyId'],
      [{ title: 'X', dealId: missing }, 'dealId'],
      [{ title: 'X', personId: createPerson.id, companyId: createCompany.id }, 'companyId'],
    ] as const) {
      const result = await client.request(`mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`, { input });
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await client.data('{ tasks { totalCount } }')).tasks.totalCount).toBe(0);

    const { createTask } = await client.data(`mutation { createTask(input: { title: "Keep", dueDate: "2026-05-01" }) { id } }`);
    for (const [input, field] of [
      [{ title: '' }, 'title'],
      [{ title: 'Changed', dueDate: 'tomorrow' }, 'dueDate'],
      [{ title: 'Changed', done: true, personId: missing }, 'personId'],
    ] as const) {
      const result = await client.request(`mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }`, { id: createTask.id, input });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const { task } = await client.data(`query($id: ID!) { task(id: $id) { title dueDate done } }`, { id: createTask.id });
    expect(task).toEqual({ title: 'Keep', dueDate: '2026-05-01', done: false });
    expect((await client.request(`mutation { updateTask(id: "${missing}", input: { title: "x" }) { id } }`)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('NORMAL may create and complete but not delete; EXTENDED may delete 10 in one request but not 11', async () => {
    const normal = await memberWithRole(app.url, app.database.url, accountId, 'NORMAL');
    const { createTask } = await normal.data('mutation { createTask(input: { title: "Normal task" }) { id } }');
    await normal.data(`mutation($id: ID!) { updateTask(id: $id, input: { done: true }) { id } }`, { id: createTask.id });
    for (const mutation of ['deleteTask(id: $id)', 'deleteTasks(ids: [$id])']) {
      const result = await normal.request(`mutation($id: ID!) { ${mutation} }`, { id: createTask.id });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', right: 'records.delete' } });
      expect(result.errors?.[0]?.message).toContain('records.delete');
    }
    expect((await owner.data(`query($id: ID!) { task(id: $id) { id } }`, { id: createTask.id })).task).not.toBeNull();

    const extended = await memberWithRole(app.url, app.database.url, accountId, 'EXTENDED');
    const create = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await owner.data(`mutation { createTask(input: { title: "Bulk ${i}" }) { id } }`)).createTask.id);
      return ids;
    };
    const count = async () => (await owner.data('{ tasks(filter: { text: "Bulk" }) { totalCount } }')).tasks.totalCount;
    expect((await extended.data(`mutation($ids: [ID!]!) { deleteTasks(ids: $ids) }`, { ids: await create(10) })).deleteTasks).toHaveLength(10);
    const eleven = await create(11);
    const refused = await extended.request(`mutation($ids: [ID!]!) { deleteTasks(ids: $ids) }`, { ids: eleven });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', right: 'records.bulkDelete' });
    expect(await count()).toBe(11);
    expect((await owner.data(`mutation($ids: [ID!]!) { deleteTasks(ids: $ids) }`, { ids: eleven })).deleteTasks).toHaveLength(11);
  });

  it("with account A's token, never read, link or change account B's records", async () => {
    const a = (await newAccount()).client;
    const b = (await newAccount()).client;
    const { createPerson: bPerson } = await b.data('mutation { createPerson(input: { lastName: "B person" }) { id } }');
    const { createTask: bTask } = await b.data(`mutation($p: ID!) { createTask(input: { title: "B task", personId: $p }) { id } }`, { p: bPerson.id });
    const bState = () => b.data(`query($id: ID!) { task(id: $id) { title done dueDate person { id } } tasks { totalCount } }`, { id: bTask.id });
    const before = await bState();

    expect((await a.data(`query($id: ID!) { task(id: $id) { id } }`, { id: bTask.id })).task).toBeNull();
    expect((await a.data(`query($p: ID!) { tasks(filter: { personId: $p }) { totalCount edges { node { id } } } }`, { p: bPerson.id })).tasks).toEqual({ totalCount: 0, edges: [] });
    const linked = await a.request(`mutation($p: ID!) { createTask(input: { title: "Link", personId: $p }) { id } }`, { p: bPerson.id });
    expect(linked.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
    const updated = await a.request(`mutation($id: ID!) { updateTask(id: $id, input: { title: "Hijacked", done: true }) { id } }`, { id: bTask.id });
    expect(updated.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await a.request(`mutation($id: ID!) { deleteTask(id: $id) }`, { id: bTask.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await a.data(`mutation($ids: [ID!]!) { deleteTasks(ids: $ids) }`, { ids: [bTask.id] })).deleteTasks).toEqual([]);
    const { createTask: aTask } = await a.data('mutation { createTask(input: { title: "A task" }) { id } }');
    const relink = await a.request(`mutation($id: ID!, $p: ID!) { updateTask(id: $id, input: { personId: $p }) { id } }`, { id: aTask.id, p: bPerson.id });
    expect(relink.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });

    expect(await bState()).toEqual(before);
    expect((await a.data('{ tasks { totalCount } }')).tasks.totalCount).toBe(1);
  });
});
