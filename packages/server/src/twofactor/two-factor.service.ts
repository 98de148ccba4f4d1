import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Secret, TOTP } from 'otpauth';
import { randomUUID } from 'node:crypto';
import type { RateLimitRule } from '../config/config.js';
import { decryptIban as openSecret, encryptIban as sealSecret } from '../billing/iban-vault.js';
import { consumeRateLimit } from '../auth/rate-limit.js';
import { mailSecurityNotice, type LoginMailDeps } from '../auth/security-notice.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { SecurityEventKind } from '../security/security-event-kind.js';

/**
 * TOTP two-factor authentication (RFC 6238: SHA-1, 6 digits, 30 seconds, as
 * every authenticator app expects), with ten recovery codes for a lost
 * phone. The secret is sealed with the server's data key (the IBAN vault's
 * AES-256-GCM, bound to the user), since a code can only be checked against
 * the secret itself. Codes are limited per user, and a code's 30-second step
 * is remembered, so neither it nor an older one is ever accepted again.
 */

export interface TwoFactorDeps extends LoginMailDeps {
  /** The data key (KONTOR_IBAN_KEY or the generated one). */
  key(): Promise<Buffer>;
  attemptLimit: RateLimitRule;
}

const issuer = 'Kontor';
const periodSeconds = 30;
export const recoveryCodeCount = 10;
const aad = (userId: string) => `totp:${userId}`;

const totpOf = (secret: Secret, label: string) => new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: periodSeconds, secret });

interface TotpRow {
  id: string;
  email: string;
  name: string;
  totp_secret: Buffer | null;
  totp_pending_secret: Buffer | null;
  totp_last_step: string | null;
}

async function totpRow(em: EntityManager, userId: string): Promise<TotpRow> {
  const [row] = await em.execute<TotpRow[]>(`select id, email, name, totp_secret, totp_pending_secret, totp_last_step from app_user where id = ? for update`, [userId]);
  return row!;
}

/** A fresh secret, kept as pending until a code proves the app has it; TOTP stays as it was until then. */
export async function startSetup(globalEm: EntityManager, deps: TwoFactorDeps, userId: string): Promise<{ secret: string; otpauthUri: string }> {
  const key = await deps.key();
  return globalEm.fork().transactional(async (em) => {
    const row = await totpRow(em, userId);
    if (row.totp_secret) throw new KontorError(ErrorCode.CONFLICT, 'Two-factor authentication is on already. Turn it off first to set up another app.');
    const secret = new Secret({ size: 20 });
    await em.execute(`update app_user set totp_pending_secret = ? where id = ?`, [sealSecret(key, aad(userId), secret.base32), userId]);
    return { secret: secret.base32, otpauthUri: totpOf(secret, row.email).toString() };
  });
}

/**
 * The 30-second step `code` belongs to (now, or one step either side for a
 * clock a little off), or undefined. otpauth compares in constant time.
 */
function matchingStep(secretBase32: string, code: string): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const now = Date.now();
  const delta = totpOf(Secret.fromBase32(secretBase32), '').validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? undefined : Math.floor(now / 1000 / periodSeconds) + delta;
}

const invalidCode = () => new KontorError(ErrorCode.INVALID_CODE, 'This code is wrong, expired or used already. Enter the current code of your authenticator app, or a recovery code.');

/** Accepts a step only when it is newer than every step accepted before (a code is never taken twice). */
async function takeStep(em: EntityManager, userId: string, step: number): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `update app_user set totp_last_step = ? where id = ? and (totp_last_step is null or totp_last_step < ?) returning id`,
    [step, userId, step],
  );
  return rows.length === 1;
}

export const hashRecoveryCode = (code: string): Buffer => createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest();

/** Ten new recovery codes (`xxxxx-xxxxx`, 50 random bits each); the old ones stop working. Only their hashes are kept. */
async function newRecoveryCodes(em: EntityManager, userId: string): Promise<string[]> {
  await em.execute(`delete from recovery_code where user_id = ?`, [userId]);
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const codes = Array.from({ length: recoveryCodeCount }, () => {
    const chars = [...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  for (const code of codes) {
    await em.execute(`insert into recovery_code (id, user_id, code_hash) values (?, ?, ?)`, [randomUUID(), userId, hashRecoveryCode(code)]);
  }
  return codes;
}

/** Turns TOTP on once a code of the pending secret proves the app has it; answers the recovery codes, this once. */
export async function confirmSetup(globalEm: EntityManager, deps: TwoFactorDeps, userId: string, code: string): Promise<string[]> {
  await countCodeAttempt(globalEm, deps, userId);
  return globalEm.fork().transactional(async (em) => {
    const row = await totpRow(em, userId);
    if (row.totp_secret) throw new KontorError(ErrorCode.CONFLICT, 'Two-factor authentication is on already.');
    if (!row.totp_pending_secret) throw new KontorError(ErrorCode.CONFLICT, 'Start the set-up first (startTwoFactorSetup).');
    const step = matchingStep(openSecret(await deps.key(), aad(userId), row.totp_pending_secret), code.trim());
    if (step === undefined) throw invalidCode();
    await em.execute(
      `update app_user set totp_secret = totp_pending_secret, totp_pending_secret = null, totp_enabled_at = now(), totp_last_step = ? where id = ?`,
      [step, userId],
    );
    const codes = await newRecoveryCodes(em, userId);
    await mailSecurityNotice(em, deps.mailer, row, { kind: SecurityEventKind.TWO_FACTOR_ENABLED, subject: 'Two-factor authentication is on', what: 'Two-factor authentication was turned on for your Kontor login' });
    return codes;
  });
}

/** Counts one code tried for the user (before the transaction that checks it, so a refusal still counts). */
const countCodeAttempt = (globalEm: EntityManager, deps: TwoFactorDeps, userId: string) =>
  consumeRateLimit(globalEm.fork(), `two-factor:user:${userId}`, deps.attemptLimit, 'code attempts');

/**
 * Checks a code of the user's second factor, inside `em`'s transaction: a
 * TOTP code of a step not used before, or an unused recovery code (then used
 * up). The caller has counted the attempt (countCodeAttempt). Throws INVALID_CODE.
 */
async function verifySecondFactor(deps: TwoFactorDeps, em: EntityManager, userId: string, rawCode: string): Promise<void> {
  const code = rawCode.trim();
  const row = await totpRow(em, userId);
  if (!row.totp_secret) throw invalidCode();
  const step = matchingStep(openSecret(await deps.key(), aad(userId), row.totp_secret), code);
  if (step !== undefined) {
    if (await takeStep(em, userId, step)) return;
    throw invalidCode();
  }
  // Looked up by its hash: the database compares hashes, so timing reveals nothing about the code.
  const used = await em.execute<{ id: string }[]>(
    `update recovery_code set used_at = now() where user_id = ? and code_hash = ? and used_at is null returning id`,
    [userId, hashRecoveryCode(code)],
  );
  if (used.length !== 1) throw invalidCode();
}

/** Whether the login has TOTP on (a passkey is a second factor too, but has no codes: User.hasSecondFactor). */
async function totpOn(em: EntityManager, userId: string): Promise<boolean> {
  const [row] = await em.execute<{ on: boolean }[]>(`select totp_enabled_at is not null as on from app_user where id = ?`, [userId]);
  return row?.on ?? false;
}

/**
 * The TOTP code of a step that needs the second factor (through
 * auth/password-second-factor.ts, which offers the login's passkeys too):
 * TWO_FACTOR_CODE_REQUIRED without a code, INVALID_CODE with a wrong one;
 * nothing when TOTP is off.
 */
export async function requireSecondFactor(globalEm: EntityManager, deps: TwoFactorDeps, userId: string, code: string | null | undefined): Promise<void> {
  if (!(await totpOn(globalEm.fork(), userId))) return;
  if (!code?.trim()) throw new KontorError(ErrorCode.TWO_FACTOR_CODE_REQUIRED, 'Enter the code of your authenticator app (or a recovery code).');
  await countCodeAttempt(globalEm, deps, userId);
  await globalEm.fork().transactional((em) => verifySecondFactor(deps, em, userId, code));
}

/**
 * Ten new recovery codes, the old ones void. `prove` checks the second factor
 * (auth/password-second-factor.ts: a code, or one of the login's passkeys),
 * once TOTP is known to be on.
 */
export async function regenerateRecoveryCodes(globalEm: EntityManager, deps: TwoFactorDeps, userId: string, prove: () => Promise<void>): Promise<string[]> {
  if (!(await totpOn(globalEm.fork(), userId))) throw new KontorError(ErrorCode.CONFLICT, 'Two-factor authentication is off.');
  await prove();
  return globalEm.fork().transactional(async (em) => {
    const codes = await newRecoveryCodes(em, userId);
    await mailSecurityNotice(em, deps.mailer, await totpRow(em, userId), {
      kind: SecurityEventKind.RECOVERY_CODES_REGENERATED,
      subject: 'New recovery codes for your Kontor login',
      what: 'New recovery codes were made for your Kontor login; the old ones no longer work',
    });
    return codes;
  });
}

/** Turns TOTP off (the caller has checked the password; `prove` checks the second factor, as for regenerateRecoveryCodes); the recovery codes go with it. */
export async function disable(globalEm: EntityManager, deps: TwoFactorDeps, userId: string, prove: () => Promise<void>): Promise<void> {
  if (!(await totpOn(globalEm.fork(), userId))) throw new KontorError(ErrorCode.CONFLICT, 'Two-factor authentication is off.');
  await prove();
  await globalEm.fork().transactional(async (em) => {
    const row = await totpRow(em, userId);
    await em.execute(`update app_user set totp_secret = null, totp_pending_secret = null, totp_enabled_at = null where id = ?`, [userId]);
    await em.execute(`delete from recovery_code where user_id = ?`, [userId]);
    await mailSecurityNotice(em, deps.mailer, row, { kind: SecurityEventKind.TWO_FACTOR_DISABLED, subject: 'Two-factor authentication is off', what: 'Two-factor authentication was turned off for your Kontor login' });
  });
}
