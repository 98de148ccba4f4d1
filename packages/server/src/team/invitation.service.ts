import { utcMinute } from '../mail/mail-text.js';
import { AuditAction } from '../audit/audit-action.js';
import { audit } from '../audit/audit-trail.js';
import { raw, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { MembershipStatus, Role } from '../accounts/roles.js';
import { normaliseEmail, validateUserName } from '../auth/users.js';
import { requireVerifiedEmail } from '../auth/email-verification.service.js';
import { hashLinkToken, newLinkToken } from '../auth/link-token.js';
import { consumeRateLimit } from '../auth/rate-limit.js';
import { User } from '../auth/user.entity.js';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import type { RateLimitRule } from '../config/config.js';
import type { Mailer } from '../mail/mailer.js';
import { mayAssignRole } from '../policies/member-rules.js';
import { Invitation, InvitationStatus } from './invitation.entity.js';
import { PendingInvitation, type InviteUserInput } from './team.types.js';
import { isUuid } from '../db/ids.js';

export const invitationLifetimeDays = 7;

export interface InvitationMailDeps {
  mailer: Mailer;
  /** KONTOR_PUBLIC_URL: the link is `${publicUrl}/invitation/<token>`. */
  publicUrl: string;
  /** How many invitation mails an account may send. */
  mailLimit: RateLimitRule;
}

const limitMails = (globalEm: EntityManager, deps: InvitationMailDeps, accountId: string) =>
  consumeRateLimit(globalEm.fork(), `invitations:account:${accountId}`, deps.mailLimit, 'invitations from this account');

/** 32 random bytes: the link's secret. Only its hash is stored. */
export const newInvitationToken = newLinkToken;
export const hashInvitationToken = hashLinkToken;

const lifetimeEnd = () => new Date(Date.now() + invitationLifetimeDays * 24 * 60 * 60 * 1000);
const lowerEmail = (email: string) => ({ [raw((alias) => `lower(${alias}.email)`)]: email.toLowerCase() });


/**
 * Invites someone into the scope's account: an invitation with a fresh link,
 * mailed in the same transaction. Inviting when the account is full is
 * allowed (a seat may be free by the time they accept); an active member or
 * an address with a live invitation is refused.
 */
export async function inviteUser(work: UnitOfWork, deps: InvitationMailDeps, input: InviteUserInput): Promise<Invitation> {
  const { globalEm, scope } = work;
  const email = normaliseEmail(input.email);
  const firstName = validateUserName(input.firstName, 'firstName');
  const lastName = validateUserName(input.lastName, 'lastName');
  if (!mayAssignRole(input.role)) throw badUserInput('role', 'An account has one owner: invite as co-owner, then transfer the ownership.');
  await requireVerifiedEmail(globalEm, scope.userId, 'Inviting people');
  await limitMails(globalEm, deps, scope.accountId);
  await work.untilSchemaCurrent();
  try {
    return await globalEm.fork().transactional(async (em) => {
      const [member] = await em.execute<{ status: MembershipStatus }[]>(
        `select m.status from membership m join app_user u on u.id = m.user_id where m.account_id = ? and lower(u.email) = lower(?)`,
        [scope.accountId, email],
      );
      if (member?.status === MembershipStatus.ACTIVE) throw new KontorError(ErrorCode.CONFLICT, `${email} is already a member of this account.`);
      const open = await em.findOne(Invitation, { account: scope.accountId, acceptedAt: null, withdrawnAt: null, ...lowerEmail(email) });
      if (open && open.status === InvitationStatus.PENDING) {
        throw new KontorError(ErrorCode.CONFLICT, `${email} already has a pending invitation. Re-send it to send a new link.`, { invitationId: open.id });
      }
      // An expired one gives way to the new one.
      if (open) open.withdrawnAt = new Date();
      await em.flush();

      const token = newInvitationToken();
      const inviter = await em.findOneOrFail(User, scope.userId);
      const invitation = em.create(Invitation, {
        account: scope.accountId,
        email,
        firstName,
        lastName,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        expiresAt: lifetimeEnd(),
        invitedBy: inviter,
      });
      await em.flush();
      await mailInvitation(em, deps, invitation, token, (await scope.details()).account.name, inviter.name);
      await audit(work, em, { action: AuditAction.MEMBER_INVITED, target: { type: 'INVITATION', id: invitation.id, label: email }, changes: { role: input.role } });
      return invitation;
    });
  } catch (error) {
    // The same address invited twice at the same moment: the partial unique index let one through.
    if (error instanceof UniqueConstraintViolationException) throw new KontorError(ErrorCode.CONFLICT, `${email} already has a pending invitation.`);
    throw error;
  }
}

/** The account's invitations that are neither accepted nor withdrawn (expired ones included, to be re-sent), newest first. */
export function listOpenInvitations({ globalEm, scope }: UnitOfWork): Promise<Invitation[]> {
  return globalEm.fork().find(
    Invitation,
    { account: scope.accountId, acceptedAt: null, withdrawnAt: null },
    { populate: ['invitedBy'], orderBy: { createdAt: 'desc', id: 'desc' } },
  );
}

/** Withdraws an open invitation: its link stops working. Withdrawing twice is harmless. */
export async function withdrawInvitation(work: UnitOfWork, invitationId: string): Promise<Invitation> {
  const { globalEm, scope } = work;
  await work.untilSchemaCurrent();
  return globalEm.fork().transactional(async (em) => {
    const invitation = await lockInvitationOfAccount(em, scope.accountId, invitationId);
    if (invitation.acceptedAt) throw new KontorError(ErrorCode.CONFLICT, 'This invitation was already accepted: deactivate the member instead.');
    if (!invitation.withdrawnAt) await audit(work, em, { action: AuditAction.INVITATION_WITHDRAWN, target: { type: 'INVITATION', id: invitation.id, label: invitation.email } });
    invitation.withdrawnAt ??= new Date();
    await em.flush();
    return invitation;
  });
}

/**
 * Withdraws the open invitations `userId` sent in the account, in the
 * caller's transaction: an invitation grants access when it is accepted, so it
 * must not outlive its sender's right to invite (deactivation, leaving, or a
 * role without `team.manage`). Others may invite the person again.
 */
export async function withdrawInvitationsSentBy(em: EntityManager, accountId: string, userId: string): Promise<void> {
  await em.execute(
    `update invitation set withdrawn_at = now()
     where account_id = ? and invited_by_user_id = ? and accepted_at is null and withdrawn_at is null`,
    [accountId, userId],
  );
}

/** A new link for an open (possibly expired) invitation, valid for another week; the old link stops working. */
export async function resendInvitation({ globalEm, scope }: UnitOfWork, deps: InvitationMailDeps, invitationId: string): Promise<Invitation> {
  await requireVerifiedEmail(globalEm, scope.userId, 'Inviting people');
  await limitMails(globalEm, deps, scope.accountId);
  return globalEm.fork().transactional(async (em) => {
    const invitation = await lockInvitationOfAccount(em, scope.accountId, invitationId);
    if (invitation.acceptedAt) throw new KontorError(ErrorCode.CONFLICT, 'This invitation was already accepted.');
    if (invitation.withdrawnAt) throw new KontorError(ErrorCode.CONFLICT, 'This invitation was withdrawn: invite the person again.');
    const token = newInvitationToken();
    invitation.tokenHash = hashInvitationToken(token);
    invitation.expiresAt = lifetimeEnd();
    invitation.sentAt = new Date();
    await em.flush();
    const inviter = await em.findOneOrFail(User, scope.userId);
    await mailInvitation(em, deps, invitation, token, (await scope.details()).account.name, inviter.name);
    return invitation;
  });
}

async function lockInvitationOfAccount(em: EntityManager, accountId: string, invitationId: string): Promise<Invitation> {
  const [row] = isUuid(invitationId)
    ? await em.execute<{ id: string }[]>(`select id from invitation where id = ? and account_id = ? for update`, [invitationId, accountId])
    : [];
  if (!row) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such invitation in this account.');
  return em.findOneOrFail(Invitation, row.id, { populate: ['invitedBy'] });
}

/**
 * Live invitations to this e-mail address, in accounts the user is not an
 * active member of yet. None until the address is verified: before that, the
 * address is only what someone typed at sign-up.
 */
export async function pendingInvitationsFor(globalEm: EntityManager, user: Pick<User, 'id' | 'email' | 'emailVerified'>): Promise<PendingInvitation[]> {
  if (!user.emailVerified) return [];
  const rows = await globalEm.fork().execute<{ id: string; account_name: string; role: Role; invited_by_name: string | null; expires_at: Date }[]>(
    `select i.id, a.name as account_name, i.role, u.name as invited_by_name, i.expires_at
     from invitation i
     join account a on a.id = i.account_id
     left join app_user u on u.id = i.invited_by_user_id
     where lower(i.email) = lower(?) and i.accepted_at is null and i.withdrawn_at is null and i.expires_at > now()
       and not exists (select 1 from membership m where m.account_id = i.account_id and m.user_id = ? and m.status = 'ACTIVE')
     order by i.created_at desc`,
    [user.email, user.id],
  );
  return rows.map((row) =>
    Object.assign(new PendingInvitation(), {
      id: row.id,
      accountName: row.account_name,
      role: row.role,
      invitedByName: row.invited_by_name,
      expiresAt: new Date(row.expires_at),
    }),
  );
}

const roleLabel: Record<Role, string> = {
  [Role.OWNER]: 'owner',
  [Role.CO_OWNER]: 'co-owner',
  [Role.EXTENDED]: 'member with extended rights',
  [Role.NORMAL]: 'member',
};

export const invitationLink = (publicUrl: string, token: string) => `${publicUrl}/invitation/${token}`;

async function mailInvitation(em: EntityManager, deps: InvitationMailDeps, invitation: Invitation, token: string, accountName: string, inviterName: string): Promise<void> {
  await deps.mailer.send(em, {
    to: invitation.email,
    accountId: invitation.account.id,
    subject: `${inviterName} invited you to ${accountName} on Kontor`,
    text: [
      `Hello ${invitation.firstName},`,
      '',
      `${inviterName} invited you to join "${accountName}" on Kontor as ${roleLabel[invitation.role]}.`,
      '',
      `Accept the invitation: ${invitationLink(deps.publicUrl, token)}`,
      '',
      `The link works once and until ${utcMinute(invitation.expiresAt)} UTC. If you did not expect this invitation, ignore this mail.`,
    ].join('\n'),
  });
}
