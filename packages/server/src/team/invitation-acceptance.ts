import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Account } from '../accounts/account.entity.js';
import { MembershipStatus, type Role } from '../accounts/roles.js';
import { markEmailVerified, requireVerifiedEmail } from '../auth/email-verification.service.js';
import { startSession, type LoginResult } from '../auth/session-start.js';
import { chosenLocale, findUserByEmail, invalidCredentials, signUpName } from '../auth/users.js';
import { SignUpOutcome, type SignUpInput } from '../auth/auth.types.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import type { ClientInfo } from '../auth/session.service.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import { User } from '../auth/user.entity.js';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { hashInvitationToken } from './invitation.service.js';
import { assertSeatFree, lockAccount } from './seats.js';
import { isUuid } from '../db/ids.js';

/** How an invitation is named when accepting it: the link's token, or its ID (only for the invited, signed-in address). */
export type InvitationKey = { token: string } | { invitationId: string };

interface InvitationRow {
  id: string;
  account_id: string;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  accepted_at: Date | null;
  withdrawn_at: Date | null;
  live: boolean;
}

const columns = `id, account_id, email, first_name, last_name, role, accepted_at, withdrawn_at, expires_at > now() as live`;

const wrongUser = () =>
  new KontorError(ErrorCode.FORBIDDEN, 'This invitation was sent to another e-mail address. Log in with that address to accept it.', { reason: 'WRONG_USER' });

async function findInvitation(em: EntityManager, key: InvitationKey, email: string): Promise<InvitationRow> {
  let row: InvitationRow | undefined;
  if ('token' in key) {
    [row] = await em.execute<InvitationRow[]>(`select ${columns} from invitation where token_hash = ?`, [hashInvitationToken(key.token.trim())]);
    if (!row) throw new KontorError(ErrorCode.NOT_FOUND, 'This invitation link is not valid. If the invitation was re-sent, use the newest link.', { reason: 'INVALID' });
  } else {
    // By ID only for the address it was sent to: IDs are not secrets.
    [row] = isUuid(key.invitationId)
      ? await em.execute<InvitationRow[]>(`select ${columns} from invitation where id = ? and lower(email) = lower(?)`, [key.invitationId, email])
      : [];
    if (!row) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such invitation for you.', { reason: 'INVALID' });
  }
  return row;
}

function assertUsable(row: InvitationRow, email: string, mismatch: () => KontorError): void {
  if (row.email.toLowerCase() !== email.toLowerCase()) throw mismatch();
  if (row.accepted_at) throw new KontorError(ErrorCode.FORBIDDEN, 'This invitation has already been used.', { reason: 'USED' });
  if (row.withdrawn_at) throw new KontorError(ErrorCode.FORBIDDEN, 'This invitation was withdrawn.', { reason: 'WITHDRAWN' });
  if (!row.live) throw new KontorError(ErrorCode.FORBIDDEN, 'This invitation has expired. Ask for a new one.', { reason: 'EXPIRED' });
}

/**
 * Turns an invitation into an active membership of `user`, inside the
 * caller's transaction. The account row is locked before the invitation is
 * re-read and the seats counted, so the link is used once and parallel
 * accepts never exceed the package's user limit. Returns the account's ID.
 */
async function joinByInvitation(em: EntityManager, key: InvitationKey, user: { id: string; email: string }, mismatch: () => KontorError): Promise<string> {
  const found = await findInvitation(em, key, user.email);
  assertUsable(found, user.email, mismatch);
  const account = await lockAccount(em, found.account_id);
  const [invitation] = await em.execute<InvitationRow[]>(`select ${columns} from invitation where id = ? for update`, [found.id]);
  assertUsable(invitation!, user.email, mismatch);

  const [membership] = await em.execute<{ id: string; status: MembershipStatus }[]>(
    `select id, status from membership where account_id = ? and user_id = ? for update`,
    [account.id, user.id],
  );
  if (membership?.status === MembershipStatus.ACTIVE) throw new KontorError(ErrorCode.CONFLICT, 'You are already a member of this account.');
  await assertSeatFree(em, account);
  if (membership) {
    await em.execute(`update membership set status = ?, role = ? where id = ?`, [MembershipStatus.ACTIVE, found.role, membership.id]);
  } else {
    await em.execute(`insert into membership (id, user_id, account_id, role, status) values (?, ?, ?, ?, ?)`, [
      randomUUID(),
      user.id,
      account.id,
      found.role,
      MembershipStatus.ACTIVE,
    ]);
  }
  await em.execute(`update invitation set accepted_at = now(), accepted_by_user_id = ? where id = ?`, [user.id, found.id]);
  await em.execute('update app_user set last_account_id = ? where id = ?', [account.id, user.id]);
  // The link was mailed to this very address: whoever holds it receives that mail, which is all verification proves.
  if ('token' in key) await markEmailVerified(em, user.id);
  return account.id;
}

/**
 * A signed-in user accepts an invitation to their own e-mail address and
 * becomes a member. By ID only with a verified address (the ID proves nothing
 * about the mailbox); by the link's token always. Returns the account joined.
 */
export async function acceptInvitation(globalEm: EntityManager, userId: string, key: InvitationKey): Promise<{ user: User; account: Account }> {
  if ('invitationId' in key) await requireVerifiedEmail(globalEm, userId, 'Accepting an invitation without its link');
  const user = await globalEm.fork().findOneOrFail(User, userId);
  const accountId = await globalEm.fork().transactional((em) => joinByInvitation(em, key, user, wrongUser));
  // Read again: accepting through the link has verified the address.
  return { user: await globalEm.fork().findOneOrFail(User, userId), account: await globalEm.fork().findOneOrFail(Account, accountId) };
}

/**
 * Sign-up through an invitation link: no account is created. A new e-mail
 * gets a login and the membership in one transaction; a known one must give
 * its password and then joins. The sign-up's e-mail must be the invited one.
 */
export async function signUpWithInvitation(
  globalEm: EntityManager,
  keys: SigningKeys,
  input: SignUpInput,
  email: string,
  client: ClientInfo,
): Promise<{ outcome: SignUpOutcome; login: LoginResult }> {
  const key = { token: input.invitationToken ?? '' };
  const mismatch = () => badUserInput('email', 'This invitation was sent to another e-mail address: sign up with that address.');
  const invitation = await findInvitation(globalEm.fork(), key, email);
  assertUsable(invitation, email, mismatch);

  const existing = await findUserByEmail(globalEm.fork(), email);
  if (existing) {
    if (!(await verifyPassword(existing.passwordHash, input.password))) throw invalidCredentials();
    const { user, account } = await acceptInvitation(globalEm, existing.id, key);
    return { outcome: SignUpOutcome.INVITATION_ACCEPTED, login: await startSession(globalEm, keys, user, account, client) };
  }

  const passwordHash = await hashPassword(input.password);
  const locale = chosenLocale(input.locale);
  const invitedAs = { firstName: invitation.first_name, lastName: invitation.last_name, name: `${invitation.first_name} ${invitation.last_name}`.trim() };
  const names = signUpName(input, invitedAs);
  try {
    const { userId, accountId } = await globalEm.fork().transactional(async (em) => {
      const user = em.create(User, { email, passwordHash, ...names, locale });
      await em.flush();
      return { userId: user.id, accountId: await joinByInvitation(em, key, user, mismatch) };
    });
    // Read again: signing up through the mailed link has verified the address.
    const user = await globalEm.fork().findOneOrFail(User, userId);
    const account = await globalEm.fork().findOneOrFail(Account, accountId);
    return { outcome: SignUpOutcome.INVITATION_ACCEPTED, login: await startSession(globalEm, keys, user, account, client) };
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    throw new KontorError(ErrorCode.CONFLICT, 'A login with this e-mail address was created a moment ago. Log in to accept the invitation.');
  }
}
