import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { authFields, signUpMutation, signUpNew, TestClient, uniqueEmail, verifyEmailOf } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { acceptByToken, invite, inviteMutation, membersQuery, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';

/** What an address must be verified for, starting with the reproduction: claiming an invitation to an address you do not own. */

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
const pendingQuery = '{ me { user { emailVerified } pendingInvitations { id accountName role } } }';
const acceptById = (id: string) => `mutation { acceptInvitation(invitationId: "${id}") { ${authFields} } }`;
const createAccount = `mutation { createAccount(input: { name: "Second", planCode: "TEAM" }) { ${authFields} } }`;

describe('an invitation to an address the user has not verified', () => {
  it("is neither listed nor accepted by ID, so an impostor cannot read the inviting account's people and members", async () => {
    const bravo = await newOwner(app.url, 'TEAM', 'Bravo');
    await bravo.client.data('mutation { createPerson(input: { firstName: "Vera", lastName: "Secret" }) { id } }');
    // Someone signs up with an address that is not theirs; Bravo's owner later invites that address.
    const victim = uniqueEmail('victim').replace('@example.com', '@bigcorp.example');
    const impostor = new TestClient(app.url);
    const signedUp = await signUpNew(impostor, { email: victim, accountName: 'Impostor' });
    const { id } = await invite(bravo.client, victim, 'CO_OWNER');
    const membershipsBefore = await count('select count(*) from membership');

    expect((await impostor.data(pendingQuery)).me).toEqual({ user: { emailVerified: false }, pendingInvitations: [] });
    expect(await refusal(impostor, acceptById(id))).toMatchObject({
      code: 'EMAIL_NOT_VERIFIED',
      message: 'Accepting an invitation without its link needs a confirmed e-mail address. Open the link in the mail we sent you, or ask for a new one.',
    });
    expect(await count('select count(*) from membership')).toBe(membershipsBefore);
    expect((await bravo.client.data('{ invitations { id status } }')).invitations).toEqual([{ id, status: 'PENDING' }]);
    expect(await refusal(impostor, `mutation { switchAccount(accountId: "${bravo.auth.account.id}") { accessToken } }`)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await bravo.client.data(membersQuery)).members).toHaveLength(1);

    // The owner of the mailbox gets the verification mail; once verified, the invitation is theirs to accept.
    await verifyEmailOf(impostor, signedUp.email);
    expect((await impostor.data(pendingQuery)).me.pendingInvitations).toEqual([{ id, accountName: 'Bravo', role: 'CO_OWNER' }]);
    impostor.token = (await impostor.data(acceptById(id))).acceptInvitation.accessToken;
    expect((await impostor.data('{ people(first: 10) { edges { node { lastName } } } }')).people.edges).toEqual([{ node: { lastName: 'Secret' } }]);
  });

  it("is still accepted through the link's token, which verifies the address", async () => {
    const owner = await newOwner(app.url);
    const invitee = new TestClient(app.url);
    const { email } = await signUpNew(invitee);
    const { token } = await invite(owner.client, email);
    const { acceptInvitation } = await invitee.data(acceptByToken, { token });
    expect(acceptInvitation.account.id).toBe(owner.auth.account.id);
    invitee.token = acceptInvitation.accessToken;
    expect((await invitee.data(pendingQuery)).me.user.emailVerified).toBe(true);
  });

  it('verifies a login that signs up through the link', async () => {
    const owner = await newOwner(app.url);
    const email = uniqueEmail('linked');
    const { token } = await invite(owner.client, email);
    const input = { email, password: 'correct horse battery', invitationToken: token };
    const { signUp } = await new TestClient(app.url).data(
      `mutation($input: SignUpInput!) { signUp(input: $input) { outcome auth { user { emailVerified } } } }`,
      { input },
    );
    expect(signUp).toEqual({ outcome: 'INVITATION_ACCEPTED', auth: { user: { emailVerified: true } } });
  });
});

describe('a verified address is needed', () => {
  it('to create a further account (the one of the sign-up needs none)', async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    const accounts = await count('select count(*) from account');
    expect(await refusal(client, createAccount)).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
    // Signing up again with the known login creates nothing either.
    const again = await new TestClient(app.url).data(signUpMutation, { input: { email, password, accountName: 'Second', planCode: 'TEAM' } });
    expect(again.signUp.outcome).toBe('EXISTING_LOGIN');
    expect(await count('select count(*) from account')).toBe(accounts);

    await verifyEmailOf(client, email);
    expect((await client.data(createAccount)).createAccount.account.name).toBe('Second');
  });

  it('to invite people and to re-send an invitation, which mails nothing before', async () => {
    const owner = new TestClient(app.url);
    const { email, auth } = await signUpNew(owner);
    const invitee = uniqueEmail('invitee');
    const input = { email: invitee, firstName: 'Ina', lastName: 'Vited', role: 'NORMAL' };
    expect(await refusal(owner, inviteMutation, { input })).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
    expect(await count('select count(*) from invitation where account_id = $1', [auth.account.id])).toBe(0);
    expect(await count('select count(*) from mail_outbox where to_address = $1', [invitee])).toBe(0);

    await verifyEmailOf(owner, email);
    const { inviteUser } = await owner.data(inviteMutation, { input });
    // Existing logins were migrated unverified: an owner whose verification is taken away may not re-send either.
    await sql('update app_user set email_verified_at = null where id = $1', [auth.user.id]);
    expect(await refusal(owner, `mutation { resendInvitation(id: "${inviteUser.id}") { id } }`)).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
    expect(await count('select count(*) from mail_outbox where to_address = $1', [invitee])).toBe(1);
  });
});
