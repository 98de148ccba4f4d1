import { readError } from '../../ui/errors';

/** A passkey challenge of a password step (TWO_FACTOR_CODE_REQUIRED's extensions.passkey): 5 minutes, once. */
export interface PasskeyStep {
  challengeId: string;
  optionsJson: string;
}

/** What a login can prove after its password: a code (TOTP on), its passkey, or both. */
export interface SecondFactorAsked {
  totp: boolean;
  passkey: PasskeyStep | null;
}

/** The second factor a password step asks for, read from its TWO_FACTOR_CODE_REQUIRED; undefined for any other answer. */
export function secondFactorAsked(error: unknown): SecondFactorAsked | undefined {
  const { code, details } = readError(error);
  if (code !== 'TWO_FACTOR_CODE_REQUIRED') return undefined;
  const passkey = details?.passkey as PasskeyStep | null | undefined;
  return { totp: details?.totp !== false, passkey: passkey ?? null };
}

/** The browser's answer to the step (AuthenticationResponseJSON, as text); the WebAuthn library is loaded only now. */
export async function answerPasskeyStep(step: PasskeyStep): Promise<string> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  return JSON.stringify(await startAuthentication({ optionsJSON: JSON.parse(step.optionsJson) }));
}

/** The arguments a step takes for a passkey's answer (changePassword, mergeLogin, regenerateRecoveryCodes, …). */
export interface PasskeyProof {
  passkeyChallengeId: string;
  passkeyResponse: string;
}

/**
 * Runs a step with one of the login's passkeys as its second factor: first
 * without a proof (the server answers TWO_FACTOR_CODE_REQUIRED with a fresh
 * challenge: each works once), then with the browser's answer to it.
 */
export async function withPasskeyProof<T>(send: (proof?: PasskeyProof) => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const step = secondFactorAsked(error)?.passkey;
    if (!step) throw error;
    return send({ passkeyChallengeId: step.challengeId, passkeyResponse: await answerPasskeyStep(step) });
  }
}
