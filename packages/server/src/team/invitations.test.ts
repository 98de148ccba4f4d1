import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { signUpMutation, signUpNew, signUpVerified, TestClient, uniqueEmail } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { acceptByToken, addMember, invite, inviteMutation, latestToken, membersQuery, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);
const count = async (text: string, params: unknown[] = []) => Number((await sql<{ count: string }>(text, params))[0]!.count);
const invitationsQuery = '{ invitations { id email role status expiresAt invitedByName } }';
const meQuery = '{ me { memberships { role status account { id name } } pendingInvitations { id accountName role invitedByName expiresAt } } }';
const inviteInput = (email: string, role = 'NORMAL') => ({ input: { email, firstName: 'Ina', lastName: 'Vited', role } });

describe('inviteUser', () => {
  it('creates a pending invitation and mails a link to the outbox, storing only the hash of its token', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Invitations GmbH');
    const email = uniqueEmail('invitee');
    const { inviteUser } = await owner.client.data(inviteMutation, inviteInput(email, 'EXTENDED'));
    expect(inviteUser).toMatchObject({ email, firstName: 'Ina', lastName: 'Vited', role: 'EXTENDED', status: 'PENDING', invitedByName: owner.email.split('@')[0] });
    const days = (new Date(inviteUser.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const { outbox } = await owner.client.data('{ outbox { to subject text createdAt } }');
    expect(outbox[0]).toMatchObject({ to: email, subject: expect.stringContaining('Invitations GmbH') });
    const token = /http:\/\/localhost:4000\/invitation\/([A-Za-z0-9_-]{43})\n/.exec(outbox[0].text)?.[1];
    expect(token).toBeDefined();
    const stored = await sql<{ token_hash: Buffer }>('select token_hash from invitation where id = $1', [inviteUser.id]);
    expect(stored[0]!.token_hash).toHaveLength(32);
    expect(stored[0]!.token_hash.toString('base64url')).not.toContain(token);

    const { invitations } = await owner.client.data(invitationsQuery);
    expect(invitations).toEqual([expect.objectContaining({ id: inviteUser.id, email, status: 'PENDING' })]);
  });

  it('may be used by a co-owner, but not by an extended or normal member, who change nothing', async () => {
    const owner = await newOwner(app.url);
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    expect((await coOwner.client.data(inviteMutation, inviteInput(uniqueEmail()))).inviteUser.status).toBe('PENDING');
    for (const role of ['EXTENDED', 'NORMAL'] as const) {
      const member = await addMember(owner.client, role);
      const before = await count('select count(*) from invitation');
      const refused = await refusal(member.client, inviteMutation, inviteInput(uniqueEmail()));
      expect(refused).toMatchObject({ code: 'FORBIDDEN', message: `Your role (${role}) does not have the right "team.manage" in this account.` });
      expect(await refusal(member.client, invitationsQuery)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(member.client, '{ outbox { to } }')).toMatchObject({ code: 'FORBIDDEN' });
      expect(await count('select count(*) from invitation')).toBe(before);
    }
  });

  it('refuses an active member of the account with CONFLICT, and a second live invitation to the same address', async () => {
    const owner = await newOwner(app.url);
    const member = await addMember(owner.client);
    expect(await refusal(owner.client, inviteMutation, inviteInput(member.email.toUpperCase()))).toEqual({
      code: 'CONFLICT',
      message: `${member.email.toUpperCase()} is already a member of this account.`,
      extensions: { code: 'CONFLICT' },
    });
    expect(await refusal(owner.client, inviteMutation, inviteInput(owner.email))).toMatchObject({ code: 'CONFLICT' });

    const email = uniqueEmail();
    const first = await invite(owner.client, email);
    expect(await refusal(owner.client, inviteMutation, inviteInput(email))).toMatchObject({ code: 'CONFLICT', extensions: { invitationId: first.id } });
  });

  it('refuses bad input and changes nothing', async () => {
    const owner = await newOwner(app.url);
    const before = await count('select count(*) from invitation');
    expect(await refusal(owner.client, inviteMutation, inviteInput('not-an-address'))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'email' } });
    expect(await refusal(owner.client, inviteMutation, inviteInput(uniqueEmail(), 'OWNER'))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'role' } });
    expect(
      await refusal(owner.client, inviteMutation, { input: { email: uniqueEmail(), firstName: '  ', lastName: 'X', role: 'NORMAL' } }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'firstName' } });
    expect(
      await refusal(owner.client, inviteMutation, { input: { email: uniqueEmail(), firstName: 'Ina', lastName: 'Vited\nSubject: you won', role: 'NORMAL' } }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'lastName' } });
    expect(await count('select count(*) from invitation')).toBe(before);
  });
});

describe('acceptInvitation', () => {
  it('makes the signed-in invitee a member with the invited role and returns a token scoped to the account', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Joinable');
    const invitee = new TestClient(app.url);
    const { email } = await signUpNew(invitee, { accountName: 'Mine' });
    const { token } = await invite(owner.client, email, 'EXTENDED');

    const { acceptInvitation } = await invitee.data(acceptByToken, { token });
    expect(acceptInvitation.account).toMatchObject({ id: owner.auth.account.id, name: 'Joinable' });
    invitee.token = acceptInvitation.accessToken;
    expect((await invitee.data('{ currentAccount { name } }')).currentAccount.name).toBe('Joinable');
    const { me } = await invitee.data(meQuery);
    expect(me.memberships.map((m: { role: string; account: { name: string } }) => [m.account.name, m.role])).toEqual([
      ['Joinable', 'EXTENDED'],
      ['Mine', 'OWNER'],
    ]);
    expect((await owner.client.data('{ invitations { id } }')).invitations).toEqual([]);
  });

  it('works once: the link is refused after it was used', async () => {
    const owner = await newOwner(app.url);
    const member = await addMember(owner.client);
    const token = await latestToken(owner.client, member.email);
    expect(await refusal(member.client, acceptByToken, { token })).toEqual({
      code: 'FORBIDDEN',
      message: 'This invitation has already been used.',
      extensions: { code: 'FORBIDDEN', reason: 'USED' },
    });
  });

  it('refuses an expired link, which a re-send replaces', async () => {
    const owner = await newOwner(app.url);
    const invitee = new TestClient(app.url);
    const { email } = await signUpNew(invitee);
    const { id, token } = await invite(owner.client, email);
    await sql(`update invitation set expires_at = now() - interval '1 second' where id = $1`, [id]);

    expect(await refusal(invitee, acceptByToken, { token })).toMatchObject({ code: 'FORBIDDEN', message: 'This invitation has expired. Ask for a new one.' });
    expect((await owner.client.data('{ invitations { id status } }')).invitations).toEqual([{ id, status: 'EXPIRED' }]);
    expect((await invitee.data(meQuery)).me.pendingInvitations).toEqual([]);

    const { resendInvitation } = await owner.client.data(`mutation { resendInvitation(id: "${id}") { id status } }`);
    expect(resendInvitation).toEqual({ id, status: 'PENDING' });
    const fresh = await latestToken(owner.client, email);
    expect((await invitee.data(acceptByToken, { token: fresh })).acceptInvitation.account.id).toBe(owner.auth.account.id);
  });

  it('refuses a withdrawn link, and the withdrawn invitation leaves the list', async () => {
    const owner = await newOwner(app.url);
    const invitee = new TestClient(app.url);
    const { email } = await signUpNew(invitee);
    const { id, token } = await invite(owner.client, email);
    const { withdrawInvitation } = await owner.client.data(`mutation { withdrawInvitation(id: "${id}") { id status } }`);
    expect(withdrawInvitation).toEqual({ id, status: 'WITHDRAWN' });
    expect(await refusal(invitee, acceptByToken, { token })).toMatchObject({ code: 'FORBIDDEN', message: 'This invitation was withdrawn.' });
    expect((await owner.client.data('{ invitations { id } }')).invitations).toEqual([]);
    expect(await refusal(owner.client, `mutation { resendInvitation(id: "${id}") { id } }`)).toMatchObject({ code: 'CONFLICT' });
    // The address may be invited again.
    expect((await owner.client.data(inviteMutation, inviteInput(email))).inviteUser.status).toBe('PENDING');
  });

  it('refuses the old link after a re-send; the new one works', async () => {
    const owner = await newOwner(app.url);
    const invitee = new TestClient(app.url);
    const { email } = await signUpNew(invitee);
    const { id, token: old } = await invite(owner.client, email);
    await owner.client.data(`mutation { resendInvitation(id: "${id}") { id } }`);
    const fresh = await latestToken(owner.client, email);
    expect(fresh).not.toBe(old);
    expect(await refusal(invitee, acceptByToken, { token: old })).toMatchObject({ code: 'NOT_FOUND', extensions: { reason: 'INVALID' } });
    expect((await invitee.data(acceptByToken, { token: fresh })).acceptInvitation.account.id).toBe(owner.auth.account.id);
  });

  it('refuses a signed-in user with another e-mail address, and changes nothing', async () => {
    const owner = await newOwner(app.url);
    const { id, token } = await invite(owner.client, uniqueEmail('intended'));
    const stranger = new TestClient(app.url);
    // Verified, so that accepting by ID gets as far as the address check.
    await signUpVerified(stranger);
    expect(await refusal(stranger, acceptByToken, { token })).toEqual({
      code: 'FORBIDDEN',
      message: 'This invitation was sent to another e-mail address. Log in with that address to accept it.',
      extensions: { code: 'FORBIDDEN', reason: 'WRONG_USER' },
    });
    expect(await refusal(stranger, `mutation { acceptInvitation(invitationId: "${id}") { accessToken } }`)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await owner.client.data(membersQuery)).members).toHaveLength(1);
    expect((await owner.client.data('{ invitations { id status } }')).invitations).toEqual([{ id, status: 'PENDING' }]);
  });

  it('refuses a made-up token and an anonymous caller', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    expect(await refusal(client, acceptByToken, { token: 'x'.repeat(43) })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(new TestClient(app.url), acceptByToken, { token: 'x'.repeat(43) })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(client, 'mutation { acceptInvitation { accessToken } }')).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('by ID, from the pending invitations that me lists for the signed-in address', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Switcher Offer');
    const invitee = new TestClient(app.url);
    const { email } = await signUpVerified(invitee);
    const { id } = await invite(owner.client, email.toUpperCase(), 'CO_OWNER');
    const { me } = await invitee.data(meQuery);
    expect(me.pendingInvitations).toEqual([
      { id, accountName: 'Switcher Offer', role: 'CO_OWNER', invitedByName: owner.email.split('@')[0], expiresAt: expect.any(String) },
    ]);
    const { acceptInvitation } = await invitee.data(`mutation { acceptInvitation(invitationId: "${id}") { accessToken account { name } } }`);
    expect(acceptInvitation.account.name).toBe('Switcher Offer');
    expect((await invitee.data(meQuery)).me.pendingInvitations).toEqual([]);
  });

  it('re-activates a deactivated member who is invited again, with the new role', async () => {
    const owner = await newOwner(app.url);
    const member = await addMember(owner.client, 'NORMAL');
    await owner.client.data(`mutation { deactivateMember(membershipId: "${member.membershipId}", successorMembershipId: "${owner.membershipId}") { member { status } } }`);
    const { token } = await invite(owner.client, member.email, 'EXTENDED');
    await member.client.data(acceptByToken, { token });
    const { members } = await owner.client.data(membersQuery);
    expect(members.find((m: { id: string }) => m.id === member.membershipId)).toMatchObject({ role: 'EXTENDED', status: 'ACTIVE' });
  });
});

describe('withdrawInvitation and resendInvitation', () => {
  it('are refused to extended and normal members, and for invitations of another account', async () => {
    const owner = await newOwner(app.url);
    const { id } = await invite(owner.client, uniqueEmail());
    for (const role of ['EXTENDED', 'NORMAL'] as const) {
      const member = await addMember(owner.client, role);
      expect(await refusal(member.client, `mutation { withdrawInvitation(id: "${id}") { id } }`)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(member.client, `mutation { resendInvitation(id: "${id}") { id } }`)).toMatchObject({ code: 'FORBIDDEN' });
    }
    const other = await newOwner(app.url);
    const mails = await count('select count(*) from mail_outbox');
    expect(await refusal(other.client, `mutation { withdrawInvitation(id: "${id}") { id } }`)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(other.client, `mutation { resendInvitation(id: "${id}") { id } }`)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await count('select count(*) from mail_outbox')).toBe(mails);
    expect((await owner.client.data('{ invitations { id status } }')).invitations).toEqual([{ id, status: 'PENDING' }]);
  });

  it('a co-owner may withdraw and re-send', async () => {
    const owner = await newOwner(app.url);
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    const first = await invite(owner.client, uniqueEmail());
    const second = await invite(owner.client, uniqueEmail());
    expect((await coOwner.client.data(`mutation { resendInvitation(id: "${first.id}") { status } }`)).resendInvitation.status).toBe('PENDING');
    expect((await coOwner.client.data(`mutation { withdrawInvitation(id: "${second.id}") { status } }`)).withdrawInvitation.status).toBe('WITHDRAWN');
  });
});

describe('signUp with an invitation token', () => {
  it('creates the login and the membership in the inviting account, and no account', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Newcomers');
    const email = uniqueEmail('newcomer');
    const { token } = await invite(owner.client, email, 'EXTENDED');
    const accounts = await count('select count(*) from account');

    const client = new TestClient(app.url);
    const { signUp } = await client.data(signUpMutation, { input: { email, password: 'correct horse battery', invitationToken: token } });
    expect(signUp.outcome).toBe('INVITATION_ACCEPTED');
    expect(signUp.auth.account).toMatchObject({ id: owner.auth.account.id, name: 'Newcomers' });
    expect(signUp.auth.user).toMatchObject({ email, name: 'Ina Vited' });
    expect(await count('select count(*) from account')).toBe(accounts);
    client.token = signUp.auth.accessToken;
    expect((await client.data(meQuery)).me.memberships).toEqual([{ role: 'EXTENDED', status: 'ACTIVE', account: { id: owner.auth.account.id, name: 'Newcomers' } }]);
    expect(client.cookie).toMatch(/^kontor_refresh=/);
  });

  it('refuses a name with control characters when signing up with the link, and creates nothing', async () => {
    const owner = await newOwner(app.url);
    const email = uniqueEmail('newcomer');
    const { token } = await invite(owner.client, email);
    const input = { email, password: 'correct horse battery', invitationToken: token, name: 'Ina\r\nBcc: all@example.com' };
    expect(await refusal(new TestClient(app.url), signUpMutation, { input })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'name' } });
    expect(await count('select count(*) from app_user where email = $1', [email])).toBe(0);
  });

  it('refuses another e-mail address than the invited one, and creates nothing', async () => {
    const owner = await newOwner(app.url);
    const { token } = await invite(owner.client, uniqueEmail('invited'));
    const users = await count('select count(*) from app_user');
    const refused = await refusal(new TestClient(app.url), signUpMutation, {
      input: { email: uniqueEmail('other'), password: 'correct horse battery', invitationToken: token },
    });
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'email' } });
    expect(await count('select count(*) from app_user')).toBe(users);
  });

  it('with a known e-mail joins after the right password, and is refused with a wrong one', async () => {
    const owner = await newOwner(app.url);
    const known = await signUpNew(new TestClient(app.url));
    const { token } = await invite(owner.client, known.email);
    const wrong = await refusal(new TestClient(app.url), signUpMutation, { input: { email: known.email, password: 'not the password', invitationToken: token } });
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await owner.client.data(membersQuery)).members).toHaveLength(1);

    const { signUp } = await new TestClient(app.url).data(signUpMutation, { input: { email: known.email, password: known.password, invitationToken: token } });
    expect(signUp).toMatchObject({ outcome: 'INVITATION_ACCEPTED', auth: { user: { id: known.auth.user.id }, account: { id: owner.auth.account.id } } });
  });

  it('still needs an account name and a package without a token', async () => {
    const refused = await refusal(new TestClient(app.url), signUpMutation, { input: { email: uniqueEmail(), password: 'correct horse battery' } });
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'accountName' } });
  });
});

describe('invitation mails', () => {
  it('are rate-limited per account, saying when to retry', async () => {
    const limited = await startTeamTestApp({ invitationMailsPerAccount: { limit: 2, windowSeconds: 3600 } });
    try {
      const owner = await newOwner(limited.url);
      const { inviteUser } = await owner.client.data(inviteMutation, inviteInput(uniqueEmail()));
      await owner.client.data(`mutation { resendInvitation(id: "${inviteUser.id}") { id } }`);
      expect(await refusal(owner.client, inviteMutation, inviteInput(uniqueEmail()))).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many invitations from this account\. Try again in \d+ seconds\.$/),
      });
      // Another account is not affected.
      const other = await newOwner(limited.url);
      expect((await other.client.data(inviteMutation, inviteInput(uniqueEmail()))).inviteUser.status).toBe('PENDING');
    } finally {
      await limited.stop();
    }
  });
});
