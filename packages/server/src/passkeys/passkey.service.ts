import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { mailSecurityNotice, type LoginMailDeps } from '../auth/security-notice.js';
import { validateName } from '../graphql/text-input.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { SecurityEventKind } from '../security/security-event-kind.js';
import { Passkey, PasskeyChallenge } from './passkey.types.js';

/**
 * Passkeys (WebAuthn, with @simplewebauthn/server). The relying party is
 * KONTOR_PUBLIC_URL: its host name is the RP ID and its origin the only one
 * accepted, so a passkey works on this site alone. A passkey log-in needs no
 * password: the authenticator proves possession and (where it can) the user.
 * Challenges live in the database, 5 minutes, once. A passkey is also a
 * login's second factor: a password log-in of a login with one finishes with
 * an assertion of that login's passkeys (startSecondFactor, verifySecondFactor),
 * and so is a signed-in step that asks for the second factor (changing the
 * password, recovery codes, turning TOTP off, a merge by link): its challenge
 * is a 'confirm' one, which no log-in accepts.
 */

export interface RelyingParty {
  rpID: string;
  origin: string;
}

export const relyingPartyOf = (publicUrl: string): RelyingParty => ({ rpID: new URL(publicUrl).hostname, origin: new URL(publicUrl).origin });

/**
 * 'second-factor': the second step of a password log-in, bound to the login whose password was right.
 * 'confirm': the second factor of a signed-in step, bound to the login whose passkeys it offers; it never logs in.
 */
type Purpose = 'register' | 'log-in' | 'second-factor' | 'confirm';
export type SecondFactorPurpose = 'second-factor' | 'confirm';

const invalidPasskey = () => new KontorError(ErrorCode.INVALID_PASSKEY, 'This passkey could not be verified. Try again, or use your password.');

async function saveChallenge(em: EntityManager, purpose: Purpose, challenge: string, userId: string | null): Promise<string> {
  const id = randomUUID();
  await em.execute(`insert into webauthn_challenge (id, user_id, purpose, challenge, expires_at) values (?, ?, ?, ?, now() + interval '5 minutes')`, [
    id,
    userId,
    purpose,
    challenge,
  ]);
  return id;
}

/** The challenge, taken (deleted) whether or not what follows verifies: each works once. */
async function takeChallenge(em: EntityManager, id: string, purpose: Purpose, userId: string | null): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw invalidPasskey();
  const [row] = await em.execute<{ challenge: string }[]>(
    `delete from webauthn_challenge where id = ? and purpose = ? and user_id is not distinct from ? and expires_at > now() returning challenge`,
    [id, purpose, userId],
  );
  if (!row) throw invalidPasskey();
  return row.challenge;
}

function parseJson<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw invalidPasskey();
  }
}

export async function startRegistration(globalEm: EntityManager, rp: RelyingParty, userId: string): Promise<PasskeyChallenge> {
  const em = globalEm.fork();
  const [user] = await em.execute<{ email: string; name: string }[]>(`select email, name from app_user where id = ?`, [userId]);
  const existing = await em.execute<{ credential_id: string; transports: string[] }[]>(`select credential_id, transports from passkey where user_id = ?`, [userId]);
  const options = await generateRegistrationOptions({
    rpName: 'Kontor',
    rpID: rp.rpID,
    userName: user!.email,
    userDisplayName: user!.name,
    userID: new TextEncoder().encode(userId),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credential_id, transports: c.transports as never })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  return Object.assign(new PasskeyChallenge(), { challengeId: await saveChallenge(em, 'register', options.challenge, userId), optionsJson: JSON.stringify(options) });
}

export async function addPasskey(
  globalEm: EntityManager,
  deps: LoginMailDeps,
  rp: RelyingParty,
  userId: string,
  input: { challengeId: string; response: string; name: string },
): Promise<Passkey> {
  const name = validateName(input.name, 'name', 'The name', 100);
  // Taken on its own: a refused answer must not put the challenge back.
  const expectedChallenge = await takeChallenge(globalEm.fork(), input.challengeId, 'register', userId);
  return globalEm.fork().transactional(async (em) => {
    const verification = await verifyRegistrationResponse({
      response: parseJson<RegistrationResponseJSON>(input.response),
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    }).catch(() => ({ verified: false as const }));
    if (!verification.verified) throw invalidPasskey();
    const { credential } = verification.registrationInfo;
    const id = randomUUID();
    // The transports as one string: an array parameter would be spread into a list by the query builder.
    await em.execute(
      `insert into passkey (id, user_id, credential_id, public_key, counter, transports, name)
       values (?, ?, ?, ?, ?, string_to_array(?, ','), ?) on conflict (credential_id) do nothing`,
      [id, userId, credential.id, Buffer.from(credential.publicKey), credential.counter, (credential.transports ?? []).join(','), name],
    );
    const [user] = await em.execute<{ id: string; email: string; name: string }[]>(`select id, email, name from app_user where id = ?`, [userId]);
    await mailSecurityNotice(em, deps.mailer, user!, { kind: SecurityEventKind.PASSKEY_ADDED, subject: 'A passkey was added to your Kontor login', what: `The passkey "${name}" was added to your Kontor login` });
    return Object.assign(new Passkey(), { id, name, createdAt: new Date(), lastUsedAt: null });
  });
}

export async function listPasskeys(globalEm: EntityManager, userId: string): Promise<Passkey[]> {
  const rows = await globalEm.fork().execute<{ id: string; name: string; created_at: Date; last_used_at: Date | null }[]>(
    `select id, name, created_at, last_used_at from passkey where user_id = ? order by created_at`,
    [userId],
  );
  return rows.map((r) => Object.assign(new Passkey(), { id: r.id, name: r.name, createdAt: new Date(r.created_at), lastUsedAt: r.last_used_at && new Date(r.last_used_at) }));
}

/** Removes one of the login's passkeys (the caller has checked the password). NOT_FOUND for any other. */
export async function removePasskey(globalEm: EntityManager, deps: LoginMailDeps, userId: string, passkeyId: string): Promise<void> {
  await globalEm.fork().transactional(async (em) => {
    const removed = /^[0-9a-f-]{36}$/i.test(passkeyId)
      ? await em.execute<{ name: string }[]>(`delete from passkey where id = ? and user_id = ? returning name`, [passkeyId, userId])
      : [];
    if (removed.length !== 1) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such passkey of yours.', { field: 'id' });
    const [user] = await em.execute<{ id: string; email: string; name: string }[]>(`select id, email, name from app_user where id = ?`, [userId]);
    await mailSecurityNotice(em, deps.mailer, user!, { kind: SecurityEventKind.PASSKEY_REMOVED, subject: 'A passkey was removed from your Kontor login', what: `The passkey "${removed[0]!.name}" was removed from your Kontor login` });
  });
}

/** Options for a log-in with any passkey of this site (discoverable credentials: no address asked). */
export async function startLogIn(globalEm: EntityManager, rp: RelyingParty): Promise<PasskeyChallenge> {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'preferred', allowCredentials: [] });
  return Object.assign(new PasskeyChallenge(), { challengeId: await saveChallenge(globalEm.fork(), 'log-in', options.challenge, null), optionsJson: JSON.stringify(options) });
}

/** The login whose passkey answered the challenge; its signature counter moves on. INVALID_PASSKEY otherwise. */
export async function verifyLogIn(globalEm: EntityManager, rp: RelyingParty, challengeId: string, responseJson: string): Promise<string> {
  const expectedChallenge = await takeChallenge(globalEm.fork(), challengeId, 'log-in', null);
  return verifyAssertion(globalEm, rp, expectedChallenge, null, responseJson);
}

/**
 * Options for navigator.credentials.get() offering the login's own passkeys,
 * as the second step of a password log-in ('second-factor': the caller has
 * checked the password, so holding this challenge, 5 minutes, once, stands
 * for that step) or of a signed-in step ('confirm'). Null for a login without passkeys.
 */
export async function startSecondFactor(globalEm: EntityManager, rp: RelyingParty, userId: string, purpose: SecondFactorPurpose = 'second-factor'): Promise<PasskeyChallenge | null> {
  const em = globalEm.fork();
  const own = await em.execute<{ credential_id: string; transports: string[] }[]>(`select credential_id, transports from passkey where user_id = ?`, [userId]);
  if (own.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: 'preferred',
    allowCredentials: own.map((c) => ({ id: c.credential_id, transports: c.transports as never })),
  });
  return Object.assign(new PasskeyChallenge(), { challengeId: await saveChallenge(em, purpose, options.challenge, userId), optionsJson: JSON.stringify(options) });
}

/**
 * The login whose password step issued the challenge, once one of its own
 * passkeys answered it (and it is `expectedUserId`, when given). INVALID_PASSKEY otherwise.
 */
export async function verifySecondFactor(globalEm: EntityManager, rp: RelyingParty, challengeId: string, responseJson: string, expectedUserId?: string): Promise<string> {
  return verifyOwnPasskey(globalEm, rp, 'second-factor', challengeId, responseJson, expectedUserId);
}

/** The second factor of a signed-in step of `userId`: one of its own passkeys answered a 'confirm' challenge issued for it. INVALID_PASSKEY otherwise. */
export async function verifyConfirmation(globalEm: EntityManager, rp: RelyingParty, challengeId: string, responseJson: string, userId: string): Promise<void> {
  await verifyOwnPasskey(globalEm, rp, 'confirm', challengeId, responseJson, userId);
}

async function verifyOwnPasskey(globalEm: EntityManager, rp: RelyingParty, purpose: SecondFactorPurpose, challengeId: string, responseJson: string, expectedUserId?: string): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(challengeId)) throw invalidPasskey();
  const [row] = await globalEm
    .fork()
    .execute<{ challenge: string; user_id: string }[]>(
      `delete from webauthn_challenge where id = ? and purpose = ? and expires_at > now() returning challenge, user_id`,
      [challengeId, purpose],
    );
  if (!row || (expectedUserId !== undefined && row.user_id !== expectedUserId)) throw invalidPasskey();
  return verifyAssertion(globalEm, rp, row.challenge, row.user_id, responseJson);
}

/** Verifies an assertion of a passkey (of `ownerId` when given) of a login not retired, and moves its counter on. Answers the login. */
async function verifyAssertion(globalEm: EntityManager, rp: RelyingParty, expectedChallenge: string, ownerId: string | null, responseJson: string): Promise<string> {
  return globalEm.fork().transactional(async (em) => {
    const response = parseJson<AuthenticationResponseJSON>(responseJson);
    if (typeof response?.id !== 'string') throw invalidPasskey();
    const [passkey] = await em.execute<{ id: string; user_id: string; credential_id: string; public_key: Buffer; counter: string; transports: string[] }[]>(
      `select p.id, p.user_id, p.credential_id, p.public_key, p.counter, p.transports from passkey p join app_user u on u.id = p.user_id
       where p.credential_id = ? and u.retired_at is null and (?::uuid is null or p.user_id = ?::uuid) for update of p`,
      [response.id, ownerId, ownerId],
    );
    if (!passkey) throw invalidPasskey();
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: { id: passkey.credential_id, publicKey: new Uint8Array(passkey.public_key), counter: Number(passkey.counter), transports: passkey.transports as never },
      requireUserVerification: false,
    }).catch(() => ({ verified: false as const, authenticationInfo: undefined }));
    if (!verification.verified) throw invalidPasskey();
    await em.execute(`update passkey set counter = ?, last_used_at = now() where id = ?`, [verification.authenticationInfo.newCounter, passkey.id]);
    return passkey.user_id;
  });
}
