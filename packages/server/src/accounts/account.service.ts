import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { subscriptionStart } from '../billing/billing.service.js';
import { insertTogether } from '../db/insert-statements.js';
import { createAccountSchema } from '../db/account-schema.js';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { validateName } from '../graphql/text-input.js';
import { Account } from './account.entity.js';
import { enterNewAccountWithinOwnedLimit } from './account-creation-limits.js';
import { Membership } from './membership.entity.js';
import { Plan } from './plan.entity.js';
import { User } from '../auth/user.entity.js';
import type { CallerCheck } from '../request/caller-check.js';
import { quoteLiteral } from '../db/sql.js';
import { MembershipStatus, Role } from './roles.js';
import { newAccountSlug } from './slug.js';
import { isUuid } from '../db/ids.js';
import type { SupportedLocale } from '../auth/users.js';
import { nameDefaultPipeline } from './default-pipeline.js';
import { auditInsert, type AuditActor } from '../audit/audit-trail.js';
import { AuditAction } from '../audit/audit-action.js';
import { accountSchemasOf } from '../db/account-schemas.js';
import type { Orm } from '../db/orm.js';

export const maxAccountNameLength = 80;

/** Account names go into mail subjects (invitations, invoices): one line, no control characters. */
export function validateAccountName(name: string, field: string): string {
  return validateName(name, field, 'The account name', maxAccountNameLength);
}

/**
 * Creates an account owned by `ownerId`: its row, the owner's membership, and
 * its schema with every table, in one transaction of the caller's (`em` must
 * be inside it). If anything fails, nothing of the account remains. Its
 * default pipeline is named in `locale`. The caller makes it the owner's
 * last account (what the next log-in opens).
 */
export async function createAccountInTransaction(em: EntityManager, ownerId: string, name: string, plan: Plan, locale: SupportedLocale): Promise<Account> {
  const account = em.create(Account, { name, slug: newAccountSlug(name), plan, createdByUserId: ownerId }, { persist: false });
  const membership = em.create(Membership, { user: ownerId, account, role: Role.OWNER, status: MembershipStatus.ACTIVE }, { persist: false });
  // The four global rows in one round trip (a flush takes one each).
  await insertTogether(em, [account, membership, ...subscriptionStart(em, account.id, plan.code, ownerId, account.createdAt)]);
  await createAccountSchema(em, account.schemaName);
  await nameDefaultPipeline(em, account.schemaName, locale);
  return account;
}

/**
 * What entering an account (switchAccount) writes, sent as one round trip
 * and one transaction: which account the user last worked in (the next
 * log-in opens it) and the ACCOUNT_OPENED entry of the account's audit trail
 * (the sign-in into this account, as its owners see it). The transaction
 * commits with `synchronous_commit` off, asked for inside its first
 * statement so that it holds for this transaction only: a switch does not
 * wait for the write-ahead log to reach the disk. A database crash within a
 * fraction of a second may forget both, never the account's data; the next
 * log-in then opens the account used before, which is still one of the
 * user's (log-in checks the membership). The account's schema is brought
 * current first (its audit table is written).
 */
export async function recordAccountEntered(orm: Orm, em: EntityManager, account: { id: string; schemaName: string }, actor: AuditActor & { userId: string }): Promise<void> {
  await accountSchemasOf(orm).untilCurrent(account.id);
  const entry = auditInsert(account.schemaName, actor, { action: AuditAction.ACCOUNT_OPENED });
  // Two statements in one simple query: PostgreSQL runs them as one transaction.
  await em.execute(
    `update app_user set last_account_id = ? where id = ? and (select set_config('synchronous_commit', 'off', true)) = 'off';
     ${entry.sql}`,
    [account.id, actor.userId, ...entry.params],
  );
}

/**
 * Creates an account in a transaction of its own, retrying when another
 * account drew the same slug meanwhile; refused when the owner would own
 * more than `maxOwned` accounts. The owned accounts are counted at the end of
 * the transaction, under the user's row lock held until the commit: one
 * user's creations at the same moment are counted one after the other, but
 * only that last step waits, not the whole creation (the schema's claim or
 * DDL runs side by side).
 */
export async function createAccount(globalEm: EntityManager, ownerId: string, name: string, plan: Plan, maxOwned: number, locale: SupportedLocale): Promise<Account> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await globalEm.fork().transactional(async (em) => {
        const account = await createAccountInTransaction(em, ownerId, name, plan, locale);
        // Not as recordAccountEntered does: its asynchronous commit would cover the whole new account, which must be durable when acknowledged.
        await enterNewAccountWithinOwnedLimit(em, ownerId, account.id, maxOwned);
        return account;
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException) || attempt >= 5) throw error;
    }
  }
}

/**
 * What entering an account needs, read in the caller check's round trip
 * (`CallerCheck.sessionLiveWith`): the account with its plan, and the user,
 * for an active membership; otherwise the same refusals as `activeMembership`.
 */
export async function accountToEnter(em: EntityManager, check: CallerCheck, userId: string, accountId: string): Promise<{ account: Account; user: User }> {
  if (!isUuid(accountId)) {
    await check.assertSessionLive();
    assertActive(undefined);
  }
  const member = `m.user_id = ${quoteLiteral(userId)} and m.account_id = ${quoteLiteral(accountId)}`;
  const [memberships, plans, users] = await check.sessionLiveWith(em, [
    `select m.status as kontor_membership_status, a.* from membership m join account a on a.id = m.account_id where ${member}`,
    `select p.* from membership m join account a on a.id = m.account_id join plan p on p.code = a.plan_code where ${member}`,
    `select * from app_user where id = ${quoteLiteral(userId)}`,
  ]);
  const [row] = memberships!;
  assertActive(row?.kontor_membership_status as MembershipStatus | undefined);
  const { kontor_membership_status: _status, ...accountRow } = row!;
  // The plan first, so that the account's reference to it is the loaded entity.
  em.map(Plan, plans![0]!);
  return { account: em.map(Account, accountRow), user: em.map(User, users![0]!) };
}

/** The user's active membership in an account (its account and user loaded with it), or a refusal that reveals nothing about accounts they do not belong to. */
export async function activeMembership(em: EntityManager, userId: string, accountId: string): Promise<Membership> {
  const membership = isUuid(accountId)
    ? await em.findOne(Membership, { user: userId, account: accountId }, { populate: ['account', 'user'] })
    : null;
  assertActive(membership?.status);
  return membership!;
}

/** A membership's refusals, revealing nothing about accounts the user does not belong to: none (undefined), or not active. */
function assertActive(status: MembershipStatus | undefined): void {
  if (status === undefined) throw new KontorError(ErrorCode.NOT_FOUND, 'You are not a member of this account.');
  if (status !== MembershipStatus.ACTIVE) throw new KontorError(ErrorCode.FORBIDDEN, 'Your access to this account has been deactivated.');
}
