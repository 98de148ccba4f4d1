import { Secret, TOTP } from 'otpauth';
import { api, password, verifyEmailByLink } from './app.js';

/** The code an authenticator app with `secret` shows `steps` 30-second steps from now (a code's step is never accepted twice). */
export const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * 30_000 });

/**
 * Through the API: an owner with TOTP on (`ownerSecret`) and their account
 * `team`, and a member (NORMAL, with an account of their own, `home`) who has
 * no second factor; both addresses verified. The policy stays off.
 */
export async function teamWithMemberWithoutSecondFactor(baseUrl: string, names: { team: string; home: string; ownerEmail: string; memberEmail: string; memberName: [string, string] }) {
  const signUp = async (email: string, accountName: string) => {
    const { signUp } = await api(baseUrl, 'mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken account { id slug } } } }', {
      input: { email, password, accountName, planCode: 'TEAM' },
    });
    await verifyEmailByLink(baseUrl, email);
    return signUp.auth as { accessToken: string; account: { id: string; slug: string } };
  };
  const owner = await signUp(names.ownerEmail, names.team);
  const member = await signUp(names.memberEmail, names.home);
  const [firstName, lastName] = names.memberName;
  await api(baseUrl, 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }', { input: { email: names.memberEmail, firstName, lastName, role: 'NORMAL' } }, owner.accessToken);
  const { me } = await api(baseUrl, '{ me { pendingInvitations { id } } }', {}, member.accessToken);
  await api(baseUrl, 'mutation($id: ID!) { acceptInvitation(invitationId: $id) { accessToken } }', { id: me.pendingInvitations[0].id }, member.accessToken);
  const { startTwoFactorSetup } = await api(baseUrl, 'mutation { startTwoFactorSetup { secret } }', {}, owner.accessToken);
  const ownerSecret = startTwoFactorSetup.secret as string;
  await api(baseUrl, 'mutation($c: String!) { confirmTwoFactorSetup(code: $c) }', { c: codeOf(ownerSecret) }, owner.accessToken);
  return { owner, member, ownerSecret };
}
