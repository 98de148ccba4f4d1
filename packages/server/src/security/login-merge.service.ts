import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipStatus, type Role } from '../accounts/roles.js';
import { requireVerifiedEmail } from '../auth/email-verification.service.js';
import { verifyPassword } from '../auth/password.js';
import { mailSecurityNotice } from '../auth/security-notice.js';
import { findUserByEmail, invalidCredentials } from '../auth/users.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { isEmailAddress } from '../mail/email-address.js';
import { higherRole } from '../policies/account-rights.js';
import type { TwoFactorDeps } from '../twofactor/two-factor.service.js';
import { requirePasswordSecondFactor, type SecondFactorProof } from '../auth/password-second-factor.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';
import type { UserCaller } from '../request/context.js';
import { changeInNamedAccount } from '../request/named-account.js';
import { handOverRecords } from '../team/record-handover.js';
import { SecurityEventKind } from './security-event-kind.js';

/**
 * mergeLogin: the signed-in login (A) takes over another login (B) of the
 * same person, proven by B's password and, when B has one, its second
 * factor. In one transaction, holding both logins' rows:
 *
 * - every membership of B moves to A; where both belong to one account, A
 *   keeps the higher role (so an account's one owner stays its owner) and is
 *   active if either was, and B's membership goes;
 * - B's sessions and API keys end, its unused mailed links (and those it asked for), second factor,
 *   passkeys and calendar feed go;
 * - B is retired: its address moves aside (free for a new login), it can no
 *   longer log in; records, notes and invoices keep naming it as author.
 *
 * Both addresses are told by mail. Any refusal changes nothing.
 *
 * Afterwards (`handOverMergedAssignments`), in each of B's accounts, in that
 * account's own transaction under its own role, what B was responsible for
 * and B's open tasks pass to A, as when a member leaves.
 */

export interface MergedLogin {
  /** The retired login. */
  retiredUserId: string;
  /** The accounts the retired login belonged to: each of its memberships moved, or merged into one of A's. */
  accountIds: string[];
}

interface MembershipRow {
  id: string;
  account_id: string;
  role: Role;
  status: MembershipStatus;
}

/** The address given is the signed-in login's own. */
export const sameLogin = () =>
  new KontorError(ErrorCode.SAME_LOGIN, 'This is the login you are signed in with: sign in with the one to keep, and merge the other into it.', { field: 'email' });

export async function mergeLogin(
  globalEm: EntityManager,
  deps: TwoFactorDeps,
  callerId: string,
  proof: { email: string; password: string; secondFactor: SecondFactorProof },
): Promise<MergedLogin> {
  await requireVerifiedEmail(globalEm.fork(), callerId, 'Merging another login into yours');
  const email = proof.email.trim();
  const other = isEmailAddress(email) ? await findUserByEmail(globalEm.fork(), email) : null;
  // The same answer for an unknown address and a wrong password, as at log-in.
  if (!(await verifyPassword(other?.passwordHash, proof.password)) || !other) throw invalidCredentials();
  if (other.id === callerId) throw sameLogin();
  await requirePasswordSecondFactor(globalEm, deps, other, proof.secondFactor);
  return globalEm.fork().transactional((em) => mergeProvenLogin(em, deps, callerId, other.id, invalidCredentials));
}

/**
 * The merge itself, once the caller has proven the other login (by its
 * password here, or by a link mailed to it: login-merge-link.service.ts),
 * inside the caller's transaction. `gone` is the refusal for a login
 * retired meanwhile.
 */
export async function mergeProvenLogin(em: EntityManager, deps: TwoFactorDeps, callerId: string, otherId: string, gone: () => KontorError): Promise<MergedLogin> {
  const users = await lockBothLogins(em, callerId, otherId);
  const caller = users.find((u) => u.id === callerId);
  const retiring = users.find((u) => u.id === otherId);
  if (!caller || caller.retired_at) throw new KontorError(ErrorCode.UNAUTHENTICATED, 'Your login was merged into another one. Please log in with that one.');
  if (!retiring || retiring.retired_at) throw gone();

  const moved = await moveMemberships(em, retiring.id, caller.id);
  await em.execute(`update session set revoked_at = now(), revoked_reason = 'login merged' where user_id = ? and revoked_at is null`, [retiring.id]);
  await em.execute(`update api_key set revoked_at = now() where created_by = ? and revoked_at is null`, [retiring.id]);
  await em.execute(`delete from login_link where (user_id = ? or requested_by = ?) and used_at is null`, [retiring.id, retiring.id]);
  await em.execute(`delete from recovery_code where user_id = ?`, [retiring.id]);
  await em.execute(`delete from passkey where user_id = ?`, [retiring.id]);
  await em.execute(`delete from calendar_feed where user_id = ?`, [retiring.id]);
  await em.execute(
    `update app_user set retired_at = now(), retired_email = email, email = ?, merged_into = ?,
       totp_secret = null, totp_pending_secret = null, totp_enabled_at = null, last_account_id = null
     where id = ?`,
    [`retired-${randomUUID()}@retired.invalid`, caller.id, retiring.id],
  );

  await mailSecurityNotice(em, deps.mailer, caller, {
    kind: SecurityEventKind.LOGIN_MERGED,
    subject: 'Another login was merged into your Kontor login',
    what: `The Kontor login ${retiring.email} was merged into yours: its ${moved.length} account membership(s) are now yours, and it can no longer log in`,
  });
  await mailSecurityNotice(em, deps.mailer, retiring, {
    kind: SecurityEventKind.LOGIN_MERGED,
    subject: 'Your Kontor login was merged into another one',
    what: `Your Kontor login was merged into the login ${caller.email}, which now has its accounts; this login can no longer log in, and this address is free for a new one`,
  });
  return { retiredUserId: retiring.id, accountIds: moved };
}

/**
 * After a merge: in each account the retired login belonged to, the people,
 * companies and deals it was responsible for and its open tasks pass to the
 * login that took it over (team/record-handover.ts, each with its timeline
 * entry), so "my work", the calendar and the lists' "mine" show them. Each
 * account is changed in its own transaction under its own role, through the
 * same check of session and membership as any request; an account the
 * caller may not open (deactivated there, or a second factor it requires)
 * keeps the assignments, named in the log.
 */
export async function handOverMergedAssignments(services: { orm: Orm; logger: Logger }, caller: UserCaller, merged: MergedLogin): Promise<void> {
  for (const accountId of merged.accountIds) {
    try {
      await changeInNamedAccount(services, caller, accountId, null, async (work) =>
        handOverRecords(await work.accountEm(), work.scope.schemaName, { fromUserId: merged.retiredUserId, toUserId: caller.userId, actorUserId: caller.userId }),
      );
    } catch (error) {
      services.logger.warn('merged login: assignments kept in an account the login cannot open', { accountId, reason: (error as Error).message });
    }
  }
}

/**
 * Both logins' rows, in one order (no deadlock with a merge the other way
 * round); log-ins of either wait (auth/session.service.ts). A merge takes
 * them before anything else it locks (its link, too).
 */
export function lockBothLogins(em: EntityManager, callerId: string, otherId: string) {
  return em.execute<{ id: string; email: string; name: string; retired_at: Date | null }[]>(
    `select id, email, name, retired_at from app_user where id in (?, ?) order by id for update`,
    [callerId, otherId],
  );
}

/** Moves every membership of `fromId` to `toId`; where `toId` is a member already, keeps the higher role and the better status. */
async function moveMemberships(em: EntityManager, fromId: string, toId: string): Promise<string[]> {
  const theirs = await em.execute<MembershipRow[]>(`select id, account_id, role, status from membership where user_id = ? order by account_id for update`, [fromId]);
  for (const membership of theirs) {
    const [mine] = await em.execute<MembershipRow[]>(
      `select id, account_id, role, status from membership where user_id = ? and account_id = ? for update`,
      [toId, membership.account_id],
    );
    if (!mine) {
      await em.execute(`update membership set user_id = ? where id = ?`, [toId, membership.id]);
      continue;
    }
    // The account's one owner is one of the two: the higher role carries it over, and the other membership goes.
    const role = higherRole(mine.role, membership.role);
    const status = mine.status === MembershipStatus.ACTIVE || membership.status === MembershipStatus.ACTIVE ? MembershipStatus.ACTIVE : MembershipStatus.DEACTIVATED;
    await em.execute(`delete from membership where id = ?`, [membership.id]);
    await em.execute(`update membership set role = ?, status = ? where id = ?`, [role, status, mine.id]);
  }
  return theirs.map((membership) => membership.account_id);
}
