import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountScope } from '../request/account-scope.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { Membership } from '../accounts/membership.entity.js';
import { MembershipStatus, Role } from '../accounts/roles.js';
import { revokeKeysCreatedBy } from '../apikeys/api-keys.service.js';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { can } from '../policies/account-rights.js';
import { mayAssignRole, mayChangeMember, ownsAccount, rightToChangeMember } from '../policies/member-rules.js';
import { withdrawInvitationsSentBy } from './invitation.service.js';
import { handOverRecords, type HandedOverCounts } from './record-handover.js';
import { assertSeatFree, lockAccount } from './seats.js';
import { Member } from './team.types.js';
import { AuditAction } from '../audit/audit-action.js';
import { audit, type AuditEntry } from '../audit/audit-trail.js';
import { isUuid } from '../db/ids.js';


/** Every membership of the account, active ones first, then by name. */
export async function listMembers({ globalEm, scope }: UnitOfWork): Promise<Member[]> {
  const memberships = await globalEm.fork().find(Membership, { account: scope.accountId }, { populate: ['user'] });
  return memberships
    .map(Member.of)
    .sort((a, b) => Number(a.status !== MembershipStatus.ACTIVE) - Number(b.status !== MembershipStatus.ACTIVE) || a.name.localeCompare(b.name));
}

/** A membership of this account (locked for the transaction), or NOT_FOUND: an ID from another account is unknown here. */
async function membershipOfAccount(em: EntityManager, accountId: string, membershipId: string, field: string): Promise<Membership> {
  const [row] = isUuid(membershipId)
    ? await em.execute<{ id: string }[]>(`select id from membership where id = ? and account_id = ? for update`, [membershipId, accountId])
    : [];
  if (!row) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such member in this account.', { field });
  return em.findOneOrFail(Membership, row.id, { populate: ['user'], refresh: true });
}

/**
 * The owner's role and access change only through transferOwnership: a
 * co-owner lacks the right to touch the owner at all, and the owner cannot
 * demote or deactivate themselves, which would leave the account ownerless.
 */
async function assertMayChangeOwner(scope: AccountScope, target: Membership, what: string): Promise<void> {
  // Any other member: "team.manage", which @InAccount has checked already.
  if (!ownsAccount(target.role)) return;
  const role = await scope.role();
  if (!mayChangeMember(role, target.role)) {
    throw new KontorError(ErrorCode.FORBIDDEN, `Your role (${role}) may not ${what} the owner.`, { right: rightToChangeMember(target.role) });
  }
  throw new KontorError(ErrorCode.CONFLICT, `The owner cannot ${what} themselves: transfer the ownership first.`);
}

export async function setMemberRole(work: UnitOfWork, membershipId: string, role: Role): Promise<Member> {
  const { globalEm, scope } = work;
  if (!mayAssignRole(role)) throw badUserInput('role', 'An account has one owner: use transferOwnership to make someone the owner.');
  await work.untilSchemaCurrent();
  return globalEm.fork().transactional(async (em) => {
    const target = await membershipOfAccount(em, scope.accountId, membershipId, 'membershipId');
    await assertMayChangeOwner(scope, target, 'change the role of');
    const before = target.role;
    target.role = role;
    await em.flush();
    await audit(work, em, { action: AuditAction.MEMBER_ROLE_CHANGED, target: memberTarget(target), changes: { role: { from: before, to: role } } });
    // Their API keys are capped at the new role on their next request; what they may no longer send is withdrawn.
    if (!can(role, 'team.manage')) await withdrawInvitationsSentBy(em, scope.accountId, target.user.id);
    return Member.of(target);
  });
}

/**
 * Ends a member's access (their next request in this account is refused,
 * their API keys are revoked and the invitations they sent withdrawn) and
 * hands their people, companies, deals and open tasks to the successor. The
 * user is kept, so history keeps its authors. The hand-over runs in the
 * request's account transaction before the membership changes: if the
 * membership cannot be changed, the hand-over is rolled back with the mutation.
 */
export async function deactivateMember(
  work: UnitOfWork,
  membershipId: string,
  successorMembershipId: string,
): Promise<{ member: Member; successor: Member; handedOver: HandedOverCounts }> {
  const { globalEm, scope } = work;
  if (membershipId === (await scope.details()).membership.id) throw badUserInput('membershipId', 'You cannot deactivate yourself: use leaveAccount.');
  await work.untilSchemaCurrent();
  return globalEm.fork().transactional(async (em) => {
    const target = await membershipOfAccount(em, scope.accountId, membershipId, 'membershipId');
    await assertMayChangeOwner(scope, target, 'deactivate');
    if (target.status === MembershipStatus.DEACTIVATED) throw new KontorError(ErrorCode.CONFLICT, `${target.user.name} is already deactivated.`);
    if (successorMembershipId === membershipId) throw badUserInput('successorMembershipId', 'The successor must be another member.');
    const successor = await membershipOfAccount(em, scope.accountId, successorMembershipId, 'successorMembershipId');
    if (successor.status !== MembershipStatus.ACTIVE) throw badUserInput('successorMembershipId', 'The successor must be an active member.');

    const handedOver = await handOverRecords(await scope.em(), scope.schemaName, {
      fromUserId: target.user.id,
      toUserId: successor.user.id,
      actorUserId: scope.userId,
    });
    target.status = MembershipStatus.DEACTIVATED;
    await em.flush();
    await revokeKeysCreatedBy(em, scope.accountId, target.user.id);
    await withdrawInvitationsSentBy(em, scope.accountId, target.user.id);
    await audit(work, em, {
      action: AuditAction.MEMBER_DEACTIVATED,
      target: memberTarget(target),
      changes: { successor: { membershipId: successor.id, name: successor.user.name }, handedOver },
    });
    return { member: Member.of(target), successor: Member.of(successor), handedOver };
  });
}

/** Gives a deactivated member their access back, if the package has a free seat. */
export async function reactivateMember(work: UnitOfWork, membershipId: string): Promise<Member> {
  const { globalEm, scope } = work;
  await work.untilSchemaCurrent();
  return globalEm.fork().transactional(async (em) => {
    const account = await lockAccount(em, scope.accountId);
    const target = await membershipOfAccount(em, scope.accountId, membershipId, 'membershipId');
    if (target.status === MembershipStatus.ACTIVE) throw new KontorError(ErrorCode.CONFLICT, `${target.user.name} is already active.`);
    await assertSeatFree(em, account);
    target.status = MembershipStatus.ACTIVE;
    await em.flush();
    await audit(work, em, { action: AuditAction.MEMBER_REACTIVATED, target: memberTarget(target) });
    return Member.of(target);
  });
}

/** Makes an active member the owner; the previous owner (the caller) becomes a co-owner. */
export async function transferOwnership(work: UnitOfWork, membershipId: string): Promise<Member[]> {
  const { globalEm, scope } = work;
  if (membershipId === (await scope.details()).membership.id) throw badUserInput('membershipId', 'You are the owner already.');
  await work.untilSchemaCurrent();
  return globalEm.fork().transactional(async (em) => {
    await lockAccount(em, scope.accountId);
    const target = await membershipOfAccount(em, scope.accountId, membershipId, 'membershipId');
    if (target.status !== MembershipStatus.ACTIVE) throw badUserInput('membershipId', 'Only an active member can become the owner.');
    const current = await membershipOfAccount(em, scope.accountId, (await scope.details()).membership.id, 'membershipId');
    // Checked again on the locked row: the role may have changed since the request's check.
    if (!can(current.role, 'account.transferOwnership')) throw new KontorError(ErrorCode.FORBIDDEN, 'Only the owner can transfer the ownership.');
    // One owner per account is also a unique index: demote first, then promote.
    await em.execute(`update membership set role = ? where id = ?`, [Role.CO_OWNER, current.id]);
    await em.execute(`update membership set role = ? where id = ?`, [Role.OWNER, target.id]);
    current.role = Role.CO_OWNER;
    target.role = Role.OWNER;
    await audit(work, em, { action: AuditAction.OWNERSHIP_TRANSFERRED, target: memberTarget(target), changes: { previousOwner: { membershipId: current.id, name: current.user.name } } });
    return [Member.of(target), Member.of(current)];
  });
}

/**
 * The caller leaves the account: their membership is deactivated (the owner
 * may reactivate it), their API keys are revoked, the invitations they sent
 * withdrawn and their records go to the owner. The owner cannot leave, or the account would have none: they
 * transfer the ownership first.
 */
export async function leaveAccount({ globalEm, scope }: UnitOfWork): Promise<HandedOverCounts> {
  // A key is no member: it would otherwise be refused only because its ID is no membership's.
  if (scope.apiKeyId) throw new KontorError(ErrorCode.FORBIDDEN, 'An API key cannot leave an account: its creator leaves, signed in.');
  if (ownsAccount(await scope.role())) throw new KontorError(ErrorCode.CONFLICT, 'As the owner you cannot leave the account: transfer the ownership first.');
  return globalEm.fork().transactional(async (em) => {
    const me = await membershipOfAccount(em, scope.accountId, (await scope.details()).membership.id, 'membershipId');
    const owner = await em.findOneOrFail(Membership, { account: scope.accountId, role: Role.OWNER });
    const handedOver = await handOverRecords(await scope.em(), scope.schemaName, {
      fromUserId: scope.userId,
      toUserId: owner.user.id,
      actorUserId: scope.userId,
    });
    me.status = MembershipStatus.DEACTIVATED;
    await em.flush();
    await revokeKeysCreatedBy(em, scope.accountId, scope.userId);
    await withdrawInvitationsSentBy(em, scope.accountId, scope.userId);
    await em.execute(`update app_user set last_account_id = null where id = ? and last_account_id = ?`, [scope.userId, scope.accountId]);
    return handedOver;
  });
}

/** A membership as the audit trail names it: its ID, and the member's name at the time. */
function memberTarget(membership: Membership): AuditEntry['target'] {
  return { type: 'MEMBERSHIP', id: membership.id, label: membership.user.name };
}
