import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { relyingPartyOf, startSecondFactor, verifyConfirmation, verifySecondFactor, type SecondFactorPurpose } from '../passkeys/passkey.service.js';
import type { PasskeyAnswerArgs } from '../passkeys/passkey.types.js';
import { consumeRateLimit } from './rate-limit.js';
import { requireSecondFactor, type TwoFactorDeps } from '../twofactor/two-factor.service.js';
import { User } from './user.entity.js';

/** What may prove a login's second factor: a TOTP or recovery code, or a passkey's answer to a challenge of this step. */
export interface SecondFactorProof {
  code?: string | null;
  passkey?: { challengeId: string; response: string } | null;
}

/** The proof as a mutation's arguments carry it: a code (twoFactorCode or code), or a passkey's answer. */
export const secondFactorProofOf = (code: string | null | undefined, { passkeyChallengeId, passkeyResponse }: PasskeyAnswerArgs): SecondFactorProof => ({
  code,
  passkey: passkeyChallengeId && passkeyResponse ? { challengeId: passkeyChallengeId, response: passkeyResponse } : null,
});

/**
 * The second factor of a step that asks for it, for a login with one
 * (User.hasSecondFactor: TOTP on, or at least one passkey). With TOTP on, a
 * code is checked as a TOTP or recovery code; a passkey answer must come
 * from one of the login's own passkeys, to a challenge of this kind of step.
 * Without a proof the answer is TWO_FACTOR_CODE_REQUIRED, whose extensions
 * say what the login can prove: `totp` (a code will do) and `passkey`
 * (options for navigator.credentials.get with the login's own passkeys, and
 * a challenge, 5 minutes, once). A login with passkeys and no TOTP thus must
 * prove a passkey.
 *
 * 'second-factor' (the default): after a password, at log-in and when
 * proving another login to merge it; the challenge stands for the right
 * password and finishes a log-in (completeLogInWithPasskey). 'confirm': a
 * signed-in step (changing the password, recovery codes, turning TOTP off, a
 * merge by link); its challenge never logs in.
 */
export async function requirePasswordSecondFactor(
  globalEm: EntityManager,
  deps: TwoFactorDeps,
  user: User,
  proof: SecondFactorProof,
  purpose: SecondFactorPurpose = 'second-factor',
): Promise<void> {
  if (!user.hasSecondFactor) return;
  const rp = relyingPartyOf(deps.publicUrl);
  if (proof.passkey) {
    if (purpose === 'confirm') await verifyConfirmation(globalEm, rp, proof.passkey.challengeId, proof.passkey.response, user.id);
    else await verifySecondFactor(globalEm, rp, proof.passkey.challengeId, proof.passkey.response, user.id);
    return;
  }
  // A code proves nothing for a login without TOTP (it has no recovery codes either): its passkey is asked for.
  if (proof.code?.trim() && user.twoFactorEnabled) return requireSecondFactor(globalEm, deps, user.id, proof.code);
  // A signed-in step has no password limit in front of it everywhere: the challenges it hands out count as code attempts do.
  if (purpose === 'confirm') await consumeRateLimit(globalEm.fork(), `passkey-confirm:user:${user.id}`, deps.attemptLimit, 'passkey attempts');
  throw new KontorError(
    ErrorCode.TWO_FACTOR_CODE_REQUIRED,
    user.twoFactorEnabled ? 'Enter the code of your authenticator app (or a recovery code), or use a passkey.' : 'Confirm with your passkey.',
    { totp: user.twoFactorEnabled, passkey: await startSecondFactor(globalEm, rp, user.id, purpose) },
  );
}

/** The second factor of a signed-in step of `userId` ('confirm'), when the login has one. */
export async function requireSignedInSecondFactor(globalEm: EntityManager, deps: TwoFactorDeps, userId: string, proof: SecondFactorProof): Promise<void> {
  const user = await globalEm.fork().findOneOrFail(User, userId);
  await requirePasswordSecondFactor(globalEm, deps, user, proof, 'confirm');
}
