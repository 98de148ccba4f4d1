import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { relyingPartyOf, startSecondFactor, verifySecondFactor } from '../passkeys/passkey.service.js';
import { requireSecondFactor, type TwoFactorDeps } from '../twofactor/two-factor.service.js';
import type { User } from './user.entity.js';

/** What may prove a login's second factor after its password: a TOTP or recovery code, or a passkey's answer to a challenge of this step. */
export interface SecondFactorProof {
  code?: string | null;
  passkey?: { challengeId: string; response: string } | null;
}

/**
 * The step after a password, for a login with a second factor
 * (User.hasSecondFactor: TOTP on, or at least one passkey): log-in, and
 * proving another login to merge it. With TOTP on, a code is checked as a
 * TOTP or recovery code; a passkey answer must come from one of the login's
 * own passkeys. Without a proof the answer is TWO_FACTOR_CODE_REQUIRED, whose
 * extensions say what the login can prove: `totp` (a code will do) and
 * `passkey` (options for navigator.credentials.get with the login's own
 * passkeys, and a challenge that stands for the right password, 5 minutes,
 * once). A login with passkeys and no TOTP thus must prove a passkey.
 */
export async function requirePasswordSecondFactor(globalEm: EntityManager, deps: TwoFactorDeps, user: User, proof: SecondFactorProof): Promise<void> {
  if (!user.hasSecondFactor) return;
  const rp = relyingPartyOf(deps.publicUrl);
  if (proof.passkey) {
    await verifySecondFactor(globalEm, rp, proof.passkey.challengeId, proof.passkey.response, user.id);
    return;
  }
  // A code proves nothing for a login without TOTP (it has no recovery codes either): its passkey is asked for.
  if (proof.code?.trim() && user.twoFactorEnabled) return requireSecondFactor(globalEm, deps, user.id, proof.code);
  throw new KontorError(
    ErrorCode.TWO_FACTOR_CODE_REQUIRED,
    user.twoFactorEnabled ? 'Enter the code of your authenticator app (or a recovery code), or use a passkey.' : 'Confirm with your passkey.',
    { totp: user.twoFactorEnabled, passkey: await startSecondFactor(globalEm, rp, user.id) },
  );
}
