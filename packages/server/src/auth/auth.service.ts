import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../accounts/account.entity.js';
import { countAccountCreation } from '../accounts/account-creation-limits.js';
import type { AccountCreationLimits } from '../config/config.js';
import { createAccountInTransaction, validateAccountName } from '../accounts/account.service.js';
import { findPlan } from '../accounts/plans.js';
import { Membership } from '../accounts/membership.entity.js';
import { MembershipStatus } from '../accounts/roles.js';
import { badUserInput } from '../errors/errors.js';
import { sendVerificationAfterSignUp, type VerificationMailDeps } from './email-verification.service.js';
import { SignUpOutcome, type SignUpInput } from './auth.types.js';
import { hashPassword, validatePassword, verifyPassword } from './password.js';
import type { ClientInfo } from './session.service.js';
import { startSession, type LoginResult } from './session-start.js';
import type { SigningKeys } from './signing-keys.js';
import { User } from './user.entity.js';
import { chosenLocale, findUserByEmail, invalidCredentials, normaliseEmail, signUpName, validLocale } from './users.js';
import { signUpWithInvitation } from '../team/invitation-acceptance.js';
import { isEmailAddress } from '../mail/email-address.js';
import type { TwoFactorDeps } from '../twofactor/two-factor.service.js';
import { requirePasswordSecondFactor } from './password-second-factor.js';
import { coarseAddress, describeUserAgent } from '../security/client-description.js';
import { SecurityEventKind } from '../security/security-event-kind.js';
import { knownBrowser } from '../security/sessions.service.js';
import { mailSecurityNotice, type LoginMailDeps } from './security-notice.js';
import { mayOpen } from '../twofactor/two-factor-policy.js';

/**
 * Sign-up. A new e-mail: user, account (owned by the user) and its schema, in
 * one transaction. A known e-mail with the right password: nothing is created,
 * the user is logged in unscoped so the client can offer "open an existing
 * account" or "create a new one". A known e-mail with a wrong password: refused.
 * With an invitation token: no account is created; see signUpWithInvitation.
 * A new login is sent a link to confirm its e-mail address (email-verification.service.ts).
 * Only a sign-up that creates an account counts against `creationLimits`.
 */
export async function signUp(
  globalEm: EntityManager,
  keys: SigningKeys,
  input: SignUpInput,
  client: ClientInfo,
  mail: VerificationMailDeps,
  creationLimits: AccountCreationLimits,
): Promise<{ outcome: SignUpOutcome; login: LoginResult }> {
  const email = normaliseEmail(input.email);
  validatePassword(input.password);
  if (input.invitationToken) return signUpWithInvitation(globalEm, keys, input, email, client);
  const accountName = validateAccountName(input.accountName ?? '', 'accountName');
  const locale = chosenLocale(input.locale);
  const names = signUpName(input, { firstName: email.split('@')[0]!, lastName: '', name: email.split('@')[0]! });
  if (!input.planCode?.trim()) throw badUserInput('planCode', 'Please choose a package.');
  const plan = await findPlan(globalEm.fork(), input.planCode, 'planCode');

  const existing = await findUserByEmail(globalEm.fork(), email);
  if (existing) return { outcome: SignUpOutcome.EXISTING_LOGIN, login: await logInKnownUser(globalEm, keys, existing, input.password, client) };
  await countAccountCreation(globalEm.fork(), creationLimits, { clientIp: client.ip });

  const passwordHash = await hashPassword(input.password);
  for (let attempt = 1; ; attempt++) {
    try {
      const { user, account } = await globalEm.fork().transactional(async (em) => {
        const user = em.create(User, { email, passwordHash, ...names, locale });
        await em.flush();
        const account = await createAccountInTransaction(em, user.id, accountName, plan, locale ?? 'en');
        await em.execute('update app_user set last_account_id = ? where id = ?', [account.id, user.id]);
        return { user, account };
      });
      await sendVerificationAfterSignUp(globalEm, mail, user);
      return { outcome: SignUpOutcome.ACCOUNT_CREATED, login: await startSession(globalEm, keys, user, account, client) };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // Someone signed up with this e-mail at the same moment: theirs won; this one is a log-in attempt.
      const winner = await findUserByEmail(globalEm.fork(), email);
      if (winner) return { outcome: SignUpOutcome.EXISTING_LOGIN, login: await logInKnownUser(globalEm, keys, winner, input.password, client) };
      // Otherwise another account drew the same slug: try again with another random suffix.
      if (attempt >= 5) throw error;
    }
  }
}

async function logInKnownUser(globalEm: EntityManager, keys: SigningKeys, user: User, password: string, client: ClientInfo): Promise<LoginResult> {
  if (!(await verifyPassword(user.passwordHash, password))) throw invalidCredentials();
  return startSession(globalEm, keys, user, undefined, client);
}

/**
 * Log-in: a token scoped to the account used last (or the first active one),
 * or unscoped when there is none. A login with a second factor gets no token
 * without its code or a passkey (TWO_FACTOR_CODE_REQUIRED, INVALID_CODE;
 * password-second-factor.ts), asked for only after the password was right.
 */
export async function logIn(
  globalEm: EntityManager,
  keys: SigningKeys,
  credentials: { email: string; password: string; twoFactorCode?: string | null },
  twoFactor: TwoFactorDeps,
  client: ClientInfo,
): Promise<LoginResult> {
  const email = credentials.email.trim();
  const user = isEmailAddress(email) ? await findUserByEmail(globalEm.fork(), email) : null;
  if (!(await verifyPassword(user?.passwordHash, credentials.password)) || !user) throw invalidCredentials();
  await requirePasswordSecondFactor(globalEm, twoFactor, user, { code: credentials.twoFactorCode });
  return completeLogIn(globalEm, keys, user, twoFactor, client);
}

/** The end of every log-in once the login is proven (password and code, or a passkey): the new-browser notice, then the session. */
export async function completeLogIn(globalEm: EntityManager, keys: SigningKeys, user: User, mail: LoginMailDeps, client: ClientInfo): Promise<LoginResult> {
  await noticeNewBrowser(globalEm, mail, user, client);
  return startSession(globalEm, keys, user, await defaultAccount(globalEm.fork(), user), client);
}

/**
 * A log-in from a browser and system that none of the login's sessions on
 * record used (ended sessions are kept for KONTOR_RETENTION_DAYS) is
 * recorded and mailed. A mail server that refuses the notice does not stop
 * the log-in: the event is then not recorded either.
 */
async function noticeNewBrowser(globalEm: EntityManager, deps: LoginMailDeps, user: User, client: ClientInfo): Promise<void> {
  const em = globalEm.fork();
  const [{ count }] = await em.execute<{ count: string }[]>(`select count(*) from session where user_id = ?`, [user.id]) as [{ count: string }];
  if (Number(count) === 0 || (await knownBrowser(em, user.id, client.userAgent))) return;
  const { browser, os } = describeUserAgent(client.userAgent);
  const device = [browser, os].filter(Boolean).join(' on ') || 'an unknown browser';
  await globalEm
    .fork()
    .transactional((tx) =>
      mailSecurityNotice(tx, deps.mailer, user, {
        kind: SecurityEventKind.NEW_BROWSER_SIGN_IN,
        subject: 'New sign-in to your Kontor login',
        what: `Someone logged in to your Kontor login from ${device}, which it had not used before (address ${coarseAddress(client.ip) ?? 'unknown'})`,
        client,
      }),
    )
    .catch(() => undefined);
}

async function defaultAccount(em: EntityManager, user: User): Promise<Account | undefined> {
  const active = await em.find(
    Membership,
    { user: user.id, status: MembershipStatus.ACTIVE },
    { populate: ['account'], orderBy: { account: { name: 'asc' } } },
  );
  // An account that requires a second factor this login lacks is not opened by a log-in; the others still are.
  const openable = active.filter((m) => mayOpen(m.account, user));
  return (openable.find((m) => m.account.id === user.lastAccountId) ?? openable[0])?.account;
}

/** A language outside the three the app speaks is refused rather than stored. */
export async function setLocale(em: EntityManager, userId: string, locale: string): Promise<User> {
  const chosen = validLocale(locale, 'locale');
  const user = await em.findOneOrFail(User, userId);
  user.locale = chosen;
  await em.flush();
  return user;
}
