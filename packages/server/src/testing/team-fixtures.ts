import type { Config } from '../config/config.js';
import { startTestApp, type TestApp } from './test-app.js';
import { authFields, signUpNew, signUpVerified, TestClient, uniqueEmail } from './test-client.js';

/** A test app whose rate limits leave room for the many sign-ups team tests make. */
export function startTeamTestApp(config: Partial<Config> = {}): Promise<TestApp> {
  const roomy = { limit: 10_000, windowSeconds: 60 };
  return startTestApp({
    config: { rateLimits: { authPerEmail: roomy, authPerClient: roomy, refreshPerClient: roomy }, invitationMailsPerAccount: roomy, ...config },
  });
}

export const inviteMutation = `mutation Invite($input: InviteUserInput!) {
  inviteUser(input: $input) { id email firstName lastName role status expiresAt invitedByName }
}`;
export const acceptByToken = `mutation Accept($token: String!) { acceptInvitation(token: $token) { ${authFields} } }`;
export const membersQuery = '{ members { id userId name email role status lastActiveAt joinedAt } }';

export type Role = 'OWNER' | 'CO_OWNER' | 'EXTENDED' | 'NORMAL';

export interface TestMember {
  client: TestClient;
  email: string;
  password: string;
  userId: string;
  membershipId: string;
  /** The account the member signed up with: their own, separate one. */
  ownAccountId: string;
}

/** Invites `email` into the owner's current account and returns the invitation with the link's token, read from the outbox. */
export async function invite(owner: TestClient, email: string, role: Role = 'NORMAL') {
  const { inviteUser } = await owner.data(inviteMutation, { input: { email, firstName: 'Ina', lastName: 'Vited', role } });
  return { id: inviteUser.id as string, token: await latestToken(owner, email) };
}

/** The token of the newest invitation link mailed to `email`, as the owner sees it in the outbox. */
export async function latestToken(owner: TestClient, email: string): Promise<string> {
  const { outbox } = await owner.data('{ outbox { to text } }');
  const mail = (outbox as { to: string; text: string }[]).find((m) => m.to.toLowerCase() === email.toLowerCase());
  const token = mail && /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no invitation mail to ${email} in the outbox`);
  return token;
}

/** A new user (with an account of their own) who joins the owner's current account as `role`. */
export async function addMember(owner: TestClient, role: Role = 'NORMAL'): Promise<TestMember> {
  const client = new TestClient(owner.url);
  const { email, password, auth } = await signUpNew(client, { accountName: 'Own' });
  const { token } = await invite(owner, email, role);
  const { acceptInvitation } = await client.data(acceptByToken, { token });
  client.token = acceptInvitation.accessToken;
  const { members } = await owner.data(membersQuery);
  const membership = (members as { id: string; email: string }[]).find((m) => m.email === email)!;
  return { client, email, password, userId: auth.user.id, membershipId: membership.id, ownAccountId: auth.account.id };
}

/** A new owner with a fresh account on `planCode`, address verified (inviting needs it). */
export async function newOwner(url: string, planCode = 'TEAM', accountName = 'Acme') {
  const client = new TestClient(url);
  const signedUp = await signUpVerified(client, { planCode, accountName });
  const { members } = await client.data(membersQuery);
  return { client, ...signedUp, membershipId: (members as { id: string }[])[0]!.id as string };
}

export { uniqueEmail };

/** The error code and message of a refused operation, or undefined when it succeeded. */
export async function refusal(client: TestClient, query: string, variables: Record<string, unknown> = {}) {
  const result = await client.request(query, variables);
  const error = result.errors?.[0];
  return error ? { code: error.extensions?.code, message: error.message, extensions: error.extensions } : undefined;
}
