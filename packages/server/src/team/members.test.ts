import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { addMember, membersQuery, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { accountSchemaName } from '../db/account-schema.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);
const setRole = (id: string, role: string) => `mutation { setMemberRole(membershipId: "${id}", role: ${role}) { id role status } }`;
const deactivate = (id: string, successor: string) =>
  `mutation { deactivateMember(membershipId: "${id}", successorMembershipId: "${successor}") {
     member { id status } successor { id } handedOver { people companies deals openTasks } } }`;
const reactivate = (id: string) => `mutation { reactivateMember(membershipId: "${id}") { id status } }`;
const transfer = (id: string) => `mutation { transferOwnership(membershipId: "${id}") { id role } }`;
const roleOf = async (membershipId: string) => (await sql<{ role: string; status: string }>('select role, status from membership where id = $1', [membershipId]))[0];

describe('members', () => {
  it('lists every membership with name, e-mail, role, status and last activity, to any member', async () => {
    const owner = await newOwner(app.url);
    const normal = await addMember(owner.client, 'NORMAL');
    const { members } = await normal.client.data(membersQuery);
    expect(members).toHaveLength(2);
    expect(members.find((m: { id: string }) => m.id === normal.membershipId)).toMatchObject({
      userId: normal.userId,
      email: normal.email,
      name: normal.email.split('@')[0],
      role: 'NORMAL',
      status: 'ACTIVE',
      joinedAt: expect.any(String),
    });
    expect(members.find((m: { id: string }) => m.id === owner.membershipId)).toMatchObject({ role: 'OWNER', lastActiveAt: expect.any(String) });
  });
});

describe('setMemberRole', () => {
  it('changes a role for the owner and for a co-owner', async () => {
    const owner = await newOwner(app.url);
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    const member = await addMember(owner.client, 'NORMAL');
    expect((await owner.client.data(setRole(member.membershipId, 'EXTENDED'))).setMemberRole).toMatchObject({ role: 'EXTENDED' });
    expect((await coOwner.client.data(setRole(member.membershipId, 'CO_OWNER'))).setMemberRole).toMatchObject({ role: 'CO_OWNER' });
    // The new role applies from the member's next request on.
    expect((await member.client.data('{ invitations { id } }')).invitations).toEqual([]);
  });

  it("refuses a co-owner who would demote the owner, the owner's own demotion, and extended and normal members", async () => {
    const owner = await newOwner(app.url);
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    const extended = await addMember(owner.client, 'EXTENDED');
    const normal = await addMember(owner.client, 'NORMAL');
    expect(await refusal(coOwner.client, setRole(owner.membershipId, 'NORMAL'))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Your role (CO_OWNER) may not change the role of the owner.',
    });
    expect(await refusal(owner.client, setRole(owner.membershipId, 'CO_OWNER'))).toMatchObject({ code: 'CONFLICT' });
    expect(await refusal(extended.client, setRole(normal.membershipId, 'EXTENDED'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(normal.client, setRole(normal.membershipId, 'CO_OWNER'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(owner.client, setRole(normal.membershipId, 'OWNER'))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'role' } });
    expect(await roleOf(owner.membershipId)).toEqual({ role: 'OWNER', status: 'ACTIVE' });
    expect(await roleOf(normal.membershipId)).toEqual({ role: 'NORMAL', status: 'ACTIVE' });
  });
});

describe('deactivateMember', () => {
  it("ends the member's access on their next request while their other accounts keep working", async () => {
    const owner = await newOwner(app.url);
    const member = await addMember(owner.client, 'NORMAL');
    expect((await member.client.data('{ members { id } }')).members).toHaveLength(2);

    const { deactivateMember } = await owner.client.data(deactivate(member.membershipId, owner.membershipId));
    expect(deactivateMember.member).toEqual({ id: member.membershipId, status: 'DEACTIVATED' });

    expect(await refusal(member.client, '{ members { id } }')).toEqual({
      code: 'FORBIDDEN',
      message: 'Your access to this account has been deactivated.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await refusal(member.client, `mutation { switchAccount(accountId: "${owner.auth.account.id}") { accessToken } }`)).toMatchObject({ code: 'FORBIDDEN' });
    const { switchAccount } = await member.client.data(`mutation { switchAccount(accountId: "${member.ownAccountId}") { accessToken } }`);
    member.client.token = switchAccount.accessToken;
    expect((await member.client.data('{ members { role } }')).members).toEqual([{ role: 'OWNER' }]);
    // The user is never deleted: history keeps its authors.
    expect(await sql('select id from app_user where id = $1', [member.userId])).toHaveLength(1);
    expect((await owner.client.data(membersQuery)).members.map((m: { status: string }) => m.status)).toEqual(['ACTIVE', 'DEACTIVATED']);
  });

  it("hands the member's people, companies, deals and open tasks to the successor, and nothing else", async () => {
    const owner = await newOwner(app.url);
    const leaving = await addMember(owner.client, 'EXTENDED');
    const successor = await addMember(owner.client, 'NORMAL');
    const s = accountSchemaName(owner.auth.account.id);
    const [company, person, deal, open, done, others] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await sql(`insert into ${s}.company (id, name, responsible_user_id) values ($1, 'Globex', $2)`, [company, leaving.userId]);
    await sql(`insert into ${s}.person (id, last_name, company_id, responsible_user_id) values ($1, 'Simpson', $2, $3)`, [person, company, leaving.userId]);
    await sql(`insert into ${s}.person (id, last_name, responsible_user_id) values ($1, 'Flanders', $2)`, [others, owner.auth.user.id]);
    await sql(
      `insert into ${s}.deal (id, title, pipeline_id, phase_id, status, responsible_user_id)
       values ($1, 'Reactor', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000011', 'WON', $2)`,
      [deal, leaving.userId],
    );
    await sql(`insert into ${s}.task (id, title, assignee_user_id) values ($1, 'Call back', $2)`, [open, leaving.userId]);
    await sql(`insert into ${s}.task (id, title, done, assignee_user_id) values ($1, 'Called', true, $2)`, [done, leaving.userId]);

    const { deactivateMember } = await owner.client.data(deactivate(leaving.membershipId, successor.membershipId));
    expect(deactivateMember.handedOver).toEqual({ people: 1, companies: 1, deals: 1, openTasks: 1 });
    expect(deactivateMember.successor.id).toBe(successor.membershipId);

    const responsible = async (table: string, id: string, column = 'responsible_user_id') =>
      (await sql<{ who: string }>(`select ${column} as who from ${s}.${table} where id = $1`, [id]))[0]!.who;
    expect(await responsible('person', person)).toBe(successor.userId);
    expect(await responsible('company', company)).toBe(successor.userId);
    expect(await responsible('deal', deal)).toBe(successor.userId);
    expect(await responsible('task', open, 'assignee_user_id')).toBe(successor.userId);
    expect(await responsible('task', done, 'assignee_user_id')).toBe(leaving.userId);
    expect(await responsible('person', others)).toBe(owner.auth.user.id);
    const { person: timeline } = await owner.client.data(`query($id: ID!) { person(id: $id) { timeline { kind changedFields } } }`, { id: person });
    expect(timeline.timeline).toContainEqual({ kind: 'CHANGED', changedFields: ['responsibleUserId'] });
  });

  it('refuses a co-owner deactivating the owner, extended and normal members, self-deactivation and a bad successor, changing nothing', async () => {
    const owner = await newOwner(app.url);
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    const extended = await addMember(owner.client, 'EXTENDED');
    const normal = await addMember(owner.client, 'NORMAL');
    expect(await refusal(coOwner.client, deactivate(owner.membershipId, coOwner.membershipId))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Your role (CO_OWNER) may not deactivate the owner.',
    });
    expect(await refusal(extended.client, deactivate(normal.membershipId, extended.membershipId))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(normal.client, deactivate(extended.membershipId, normal.membershipId))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(owner.client, deactivate(owner.membershipId, coOwner.membershipId))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refusal(owner.client, deactivate(normal.membershipId, normal.membershipId))).toMatchObject({ code: 'BAD_USER_INPUT' });
    await owner.client.data(deactivate(extended.membershipId, owner.membershipId));
    expect(await refusal(owner.client, deactivate(normal.membershipId, extended.membershipId))).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'successorMembershipId' },
    });
    expect(await refusal(owner.client, deactivate(extended.membershipId, owner.membershipId))).toMatchObject({ code: 'CONFLICT' });
    for (const m of [owner, coOwner, normal]) expect((await roleOf(m.membershipId))!.status).toBe('ACTIVE');
  });

  it('lets a co-owner deactivate another member', async () => {
    const owner = await newOwner(app.url);
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    const normal = await addMember(owner.client, 'NORMAL');
    expect((await coOwner.client.data(deactivate(normal.membershipId, coOwner.membershipId))).deactivateMember.member.status).toBe('DEACTIVATED');
  });
});

describe('reactivateMember', () => {
  it('gives access back, for the owner and a co-owner, refused to extended and normal members', async () => {
    const owner = await newOwner(app.url);
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    const member = await addMember(owner.client, 'NORMAL');
    const extended = await addMember(owner.client, 'EXTENDED');
    const normal = await addMember(owner.client, 'NORMAL');
    await owner.client.data(deactivate(member.membershipId, owner.membershipId));
    expect(await refusal(extended.client, reactivate(member.membershipId))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(normal.client, reactivate(member.membershipId))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(owner.client, reactivate(owner.membershipId))).toMatchObject({ code: 'CONFLICT' });
    expect((await owner.client.data(reactivate(member.membershipId))).reactivateMember).toEqual({ id: member.membershipId, status: 'ACTIVE' });
    expect((await member.client.data('{ members { id } }')).members).toHaveLength(5);
    await owner.client.data(deactivate(member.membershipId, owner.membershipId));
    expect((await coOwner.client.data(reactivate(member.membershipId))).reactivateMember.status).toBe('ACTIVE');
  });

  it("fails with PLAN_LIMIT_REACHED beyond the package's user limit; deactivated members do not count", async () => {
    const owner = await newOwner(app.url, 'SOLO');
    const invite = `mutation { inviteUser(input: { email: "solo-${randomUUID()}@example.com", firstName: "A", lastName: "B", role: NORMAL }) { id } }`;
    // Inviting when full is allowed.
    await owner.client.data(invite);
    await sql(`update account set plan_code = 'TEAM' where id = $1`, [owner.auth.account.id]);
    const member = await addMember(owner.client);
    await owner.client.data(deactivate(member.membershipId, owner.membershipId));
    await sql(`update account set plan_code = 'SOLO' where id = $1`, [owner.auth.account.id]);
    expect(await refusal(owner.client, reactivate(member.membershipId))).toEqual({
      code: 'PLAN_LIMIT_REACHED',
      message: 'The Solo package allows 1 active user, and this account has 1. Deactivate a member or choose a larger package.',
      extensions: { code: 'PLAN_LIMIT_REACHED', limit: 'users', max: 1, current: 1 },
    });
    expect((await roleOf(member.membershipId))!.status).toBe('DEACTIVATED');
  });
});

describe('transferOwnership', () => {
  it('makes an active member the owner and the old owner a co-owner', async () => {
    const owner = await newOwner(app.url);
    const heir = await addMember(owner.client, 'NORMAL');
    const { transferOwnership } = await owner.client.data(transfer(heir.membershipId));
    expect(transferOwnership).toEqual([
      { id: heir.membershipId, role: 'OWNER' },
      { id: owner.membershipId, role: 'CO_OWNER' },
    ]);
    // The new owner has the owner's rights at once, the old one no longer.
    expect(await refusal(owner.client, transfer(heir.membershipId))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await heir.client.data(transfer(owner.membershipId))).transferOwnership[0]).toEqual({ id: owner.membershipId, role: 'OWNER' });
  });

  it('is refused to co-owners and other roles, and to a deactivated heir', async () => {
    const owner = await newOwner(app.url);
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    const extended = await addMember(owner.client, 'EXTENDED');
    const normal = await addMember(owner.client, 'NORMAL');
    for (const m of [coOwner, extended, normal]) {
      expect(await refusal(m.client, transfer(m.membershipId))).toMatchObject({ code: 'FORBIDDEN', extensions: { right: 'account.transferOwnership' } });
    }
    await owner.client.data(deactivate(normal.membershipId, owner.membershipId));
    expect(await refusal(owner.client, transfer(normal.membershipId))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await roleOf(owner.membershipId)).toEqual({ role: 'OWNER', status: 'ACTIVE' });
  });
});

describe('leaveAccount', () => {
  it("ends the caller's membership and hands their records to the owner", async () => {
    const owner = await newOwner(app.url);
    const member = await addMember(owner.client, 'EXTENDED');
    const s = accountSchemaName(owner.auth.account.id);
    await sql(`insert into ${s}.person (id, last_name, responsible_user_id) values ($1, 'Leaver', $2)`, [randomUUID(), member.userId]);
    expect((await member.client.data('mutation { leaveAccount { people companies deals openTasks } }')).leaveAccount).toEqual({
      people: 1,
      companies: 0,
      deals: 0,
      openTasks: 0,
    });
    expect(await refusal(member.client, '{ members { id } }')).toMatchObject({ code: 'FORBIDDEN' });
    expect((await sql(`select 1 from ${s}.person where responsible_user_id = $1`, [owner.auth.user.id]))).toHaveLength(1);
  });

  it('is refused to the owner', async () => {
    const owner = await newOwner(app.url);
    expect(await refusal(owner.client, 'mutation { leaveAccount { people } }')).toMatchObject({
      code: 'CONFLICT',
      message: 'As the owner you cannot leave the account: transfer the ownership first.',
    });
  });
});
