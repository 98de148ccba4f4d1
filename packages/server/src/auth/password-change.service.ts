import type { EntityManager } from '@mikro-orm/postgresql';
import type { RateLimitRule } from '../config/config.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { hashPassword, validatePassword, verifyPassword } from './password.js';
import { consumeRateLimit } from './rate-limit.js';
import { mailSecurityNotice, type LoginMailDeps } from './security-notice.js';
import { revokeOtherSessions } from './session.service.js';
import { User } from './user.entity.js';
import { SecurityEventKind } from '../security/security-event-kind.js';
import type { TwoFactorDeps } from '../twofactor/two-factor.service.js';
import { requireSignedInSecondFactor, type SecondFactorProof } from './password-second-factor.js';

/**
 * A signed-in user proves the current password before anything about the
 * login's security changes (the password, the address, the second factor):
 * a tab left open is not enough. Attempts count against the same per-address
 * limit as log-ins, so the check cannot be used to guess the password.
 */
export async function requireCurrentPassword(em: EntityManager, limit: RateLimitRule, userId: string, password: string, field = 'currentPassword'): Promise<User> {
  const user = await em.findOneOrFail(User, userId, { populate: ['passwordHash'] });
  await consumeRateLimit(em.fork(), `auth:email:${user.email.toLowerCase()}`, limit, 'password attempts');
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new KontorError(ErrorCode.INVALID_CREDENTIALS, 'The current password is wrong.', { field });
  }
  return user;
}

/** changePassword (with the second factor when the login has one: a code, or one of its passkeys): ends every other session of the login (this one stays) and tells the login by mail. */
export async function changePassword(
  globalEm: EntityManager,
  deps: LoginMailDeps & { attemptLimit: RateLimitRule },
  caller: { userId: string; sessionId: string },
  currentPassword: string,
  password: string,
  twoFactor: { deps: TwoFactorDeps; proof: SecondFactorProof },
): Promise<void> {
  validatePassword(password);
  const user = await requireCurrentPassword(globalEm.fork(), deps.attemptLimit, caller.userId, currentPassword);
  await requireSignedInSecondFactor(globalEm, twoFactor.deps, user.id, twoFactor.proof);
  const passwordHash = await hashPassword(password);
  await globalEm.fork().transactional(async (em) => {
    await em.execute(`update app_user set password_hash = ? where id = ?`, [passwordHash, user.id]);
    await revokeOtherSessions(em, user.id, caller.sessionId, 'password changed');
    await mailSecurityNotice(em, deps.mailer, user, { kind: SecurityEventKind.PASSWORD_CHANGED, subject: 'Your Kontor password was changed', what: 'The password of your Kontor login was changed, and every other session was logged out' });
  });
}
