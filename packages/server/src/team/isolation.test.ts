import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { addMember, invite, newOwner, refusal, startTeamTestApp, uniqueEmail } from '../testing/team-fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

/** Everything of an account's team that the team operations could change. */
const teamState = (accountId: string) =>
  withClient(app.database.url, async (client) => ({
    account: (await client.query('select name, plan_code from account where id = $1', [accountId])).rows,
    memberships: (await client.query('select id, role, status from membership where account_id = $1 order by id', [accountId])).rows,
    invitations: (await client.query('select id, token_hash, expires_at, withdrawn_at, accepted_at from invitation where account_id = $1 order by id', [accountId])).rows,
    mails: (await client.query('select count(*) from mail_outbox where account_id = $1', [accountId])).rows,
  }));

describe('team operations in one account cannot touch another', () => {
  it("answer NOT_FOUND for every ID of another account's members and invitations, and change nothing there", async () => {
    const a = await newOwner(app.url, 'TEAM', 'Alpha');
    const aMember = await addMember(a.client, 'NORMAL');
    const b = await newOwner(app.url, 'TEAM', 'Beta');
    const bMember = await addMember(b.client, 'NORMAL');
    const bInvitation = await invite(b.client, uniqueEmail());
    const before = await teamState(b.auth.account.id);

    const attempts = [
      `mutation { setMemberRole(membershipId: "${bMember.membershipId}", role: CO_OWNER) { id } }`,
      `mutation { setMemberRole(membershipId: "${b.membershipId}", role: NORMAL) { id } }`,
      `mutation { deactivateMember(membershipId: "${bMember.membershipId}", successorMembershipId: "${a.membershipId}") { member { id } } }`,
      `mutation { deactivateMember(membershipId: "${aMember.membershipId}", successorMembershipId: "${bMember.membershipId}") { member { id } } }`,
      `mutation { reactivateMember(membershipId: "${bMember.membershipId}") { id } }`,
      `mutation { transferOwnership(membershipId: "${bMember.membershipId}") { id } }`,
      `mutation { withdrawInvitation(id: "${bInvitation.id}") { id } }`,
      `mutation { resendInvitation(id: "${bInvitation.id}") { id } }`,
    ];
    for (const attempt of attempts) expect(await refusal(a.client, attempt), attempt).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(a.client, 'mutation { deleteAccount(confirmName: "Beta") }')).toMatchObject({ code: 'BAD_USER_INPUT' });

    expect(await teamState(b.auth.account.id)).toEqual(before);
    expect((await a.client.data('{ members { id } }')).members.map((m: { id: string }) => m.id).sort()).toEqual([a.membershipId, aMember.membershipId].sort());
    expect((await a.client.data('{ invitations { id } }')).invitations).toEqual([]);
    expect((await a.client.data('{ outbox { to } }')).outbox.map((m: { to: string }) => m.to)).toEqual([aMember.email]);
  });
});
