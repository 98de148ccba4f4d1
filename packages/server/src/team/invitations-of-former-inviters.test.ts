import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migration20261130000210WithdrawInvitationsOfFormerInviters } from '../db/migrations/global/Migration20261130000210WithdrawInvitationsOfFormerInviters.js';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { acceptByToken, addMember, invite, newOwner, refusal, startTeamTestApp, uniqueEmail } from '../testing/team-fixtures.js';

// An open invitation grants access when it is accepted: it must not outlive its sender's right to invite.
let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

async function coOwnerInviting() {
  const owner = await newOwner(app.url);
  const coOwner = await addMember(owner.client, 'CO_OWNER');
  const accomplice = uniqueEmail('accomplice');
  const sent = await invite(coOwner.client, accomplice, 'CO_OWNER');
  const ownersOwn = await invite(owner.client, uniqueEmail('hire'), 'NORMAL');
  return { owner, coOwner, accomplice, sent, ownersOwn };
}

const statusOf = async (owner: TestClient, id: string) =>
  ((await owner.data('{ invitations { id status } }')).invitations as { id: string; status: string }[]).find((i) => i.id === id)?.status;

async function expectWithdrawn(owner: TestClient, accomplice: string, sent: { id: string; token: string }, ownersOwn: { id: string }) {
  const invitee = new TestClient(app.url);
  await signUpNew(invitee, { email: accomplice });
  expect(await refusal(invitee, acceptByToken, { token: sent.token })).toMatchObject({ code: 'FORBIDDEN', extensions: { reason: 'WITHDRAWN' } });
  expect(await statusOf(owner, sent.id)).toBeUndefined(); // withdrawn: no longer among the open invitations
  expect(await statusOf(owner, ownersOwn.id)).toBe('PENDING');
  const { members } = await owner.data('{ members { email } }');
  expect((members as { email: string }[]).map((m) => m.email)).not.toContain(accomplice);
}

describe("invitations whose sender's access ends", () => {
  it('are withdrawn when the sender is deactivated', async () => {
    const { owner, coOwner, accomplice, sent, ownersOwn } = await coOwnerInviting();
    await owner.client.data(`mutation { deactivateMember(membershipId: "${coOwner.membershipId}", successorMembershipId: "${owner.membershipId}") { member { id } } }`);
    await expectWithdrawn(owner.client, accomplice, sent, ownersOwn);
  });

  it('are withdrawn when the sender leaves', async () => {
    const { owner, coOwner, accomplice, sent, ownersOwn } = await coOwnerInviting();
    await coOwner.client.data('mutation { leaveAccount { people } }');
    await expectWithdrawn(owner.client, accomplice, sent, ownersOwn);
  });

  it('are withdrawn when the sender is demoted to a role that may not invite, and kept otherwise', async () => {
    const { owner, coOwner, accomplice, sent, ownersOwn } = await coOwnerInviting();
    await owner.client.data(`mutation { setMemberRole(membershipId: "${coOwner.membershipId}", role: CO_OWNER) { id } }`);
    expect(await statusOf(owner.client, sent.id)).toBe('PENDING');
    await owner.client.data(`mutation { setMemberRole(membershipId: "${coOwner.membershipId}", role: EXTENDED) { id } }`);
    await expectWithdrawn(owner.client, accomplice, sent, ownersOwn);
  });

  it('of senders who lost the right to invite before the upgrade are withdrawn by its migration', async () => {
    const { owner, coOwner, accomplice, sent, ownersOwn } = await coOwnerInviting();
    await withClient(app.database.url, (db) => db.query(`update membership set role = 'NORMAL' where id = $1`, [coOwner.membershipId]));
    const migration = new Migration20261130000210WithdrawInvitationsOfFormerInviters(app.orm.em.getDriver(), app.orm.config);
    migration.up();
    for (const query of migration.getQueries()) await withClient(app.database.url, (db) => db.query(String(query)));
    await expectWithdrawn(owner.client, accomplice, sent, ownersOwn);
  });
});
