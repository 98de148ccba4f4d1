import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuditAction } from '../audit/audit-action.js';
import { audit } from '../audit/audit-trail.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountScope } from '../request/account-scope.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { Membership } from '../accounts/membership.entity.js';
import { MembershipStatus, Role } from '../accounts/roles.js';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { mayAssignRole } from '../policies/member-rules.js';
import { ApiKey, type CreatorAccess } from './api-key.entity.js';
import { isUuid } from '../db/ids.js';

/** Every key starts with this, so secret scanners and people recognise a leaked one. */
export const apiKeyPrefix = 'kontor_live_';
const publicIdAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const keyPattern = /^kontor_live_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
export const looksLikeApiKey = (token: string): boolean => token.startsWith('kontor_');

export function parseApiKey(token: string): { publicId: string; hash: Buffer } | undefined {
  const match = keyPattern.exec(token);
  if (!match) return undefined;
  return { publicId: match[1]!, hash: hashApiKey(token) };
}

export const hashApiKey = (key: string): Buffer => createHash('sha256').update(key).digest();

/** Compares two SHA-256 hashes without leaking, through timing, how much of them matched. */
export const sameHash = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

function randomPublicId(): string {
  // 36 does not divide 256: rejecting bytes >= 252 keeps every character equally likely.
  let id = '';
  while (id.length < 12) {
    for (const byte of randomBytes(16)) {
      if (byte < 252 && id.length < 12) id += publicIdAlphabet[byte % 36];
    }
  }
  return id;
}

/** API keys manage people's access; a key that could mint keys would outlive its own revocation. */
function refuseKeyCallers(scope: AccountScope): void {
  if (scope.apiKeyId) throw new KontorError(ErrorCode.FORBIDDEN, 'API keys cannot manage API keys: sign in as an owner or co-owner.');
}

/** Keys live in the global table (authentication reads them before an account is known), so these work on the global entity manager. */
export async function createApiKey(work: UnitOfWork, input: { name: string; role: Role; expiresAt?: Date | null }): Promise<{ apiKey: ApiKey; secret: string }> {
  const { globalEm, scope } = work;
  refuseKeyCallers(scope);
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw badUserInput('name', 'Give the key a name of 1 to 100 characters.');
  if (!mayAssignRole(input.role)) throw badUserInput('role', 'A key can have the role CO_OWNER, EXTENDED or NORMAL.');
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw badUserInput('expiresAt', 'The expiry date must be in the future.');

  const publicId = randomPublicId();
  const secret = `${apiKeyPrefix}${publicId}_${randomBytes(32).toString('base64url')}`;
  await work.untilSchemaCurrent();
  const apiKey = await globalEm.transactional(async (em) => {
    const key = em.create(ApiKey, {
      accountId: scope.accountId,
      name,
      role: input.role,
      publicId,
      prefix: `${apiKeyPrefix}${publicId}`,
      secretHash: hashApiKey(secret),
      createdBy: scope.userId,
      expiresAt: input.expiresAt ?? null,
    });
    await em.flush();
    await audit(work, em, { action: AuditAction.API_KEY_CREATED, target: { type: 'API_KEY', id: key.id, label: name }, changes: { role: input.role, prefix: key.prefix, expiresAt: key.expiresAt ?? null } });
    return key;
  });
  apiKey.creatorAccess = { role: await scope.role(), status: MembershipStatus.ACTIVE };
  return { apiKey, secret };
}

export async function listApiKeys({ globalEm, scope }: UnitOfWork): Promise<ApiKey[]> {
  refuseKeyCallers(scope);
  const keys = await globalEm.find(ApiKey, { accountId: scope.accountId }, { orderBy: { createdAt: 'desc', id: 'asc' } });
  return withCreatorAccess(globalEm, scope.accountId, keys);
}

/** Sets each key's `creatorAccess` from its creator's membership now, so the list shows which keys work and with which role. */
async function withCreatorAccess(em: EntityManager, accountId: string, keys: ApiKey[]): Promise<ApiKey[]> {
  const creators = [...new Set(keys.map((key) => key.createdBy))];
  const memberships = creators.length ? await em.find(Membership, { account: accountId, user: { $in: creators } }, { populate: ['user'] }) : [];
  const access = new Map<string, CreatorAccess>(memberships.map((m) => [m.user.id, { role: m.role, status: m.status }]));
  const names = new Map(memberships.map((m) => [m.user.id, m.user.name]));
  for (const key of keys) {
    key.creatorAccess = access.get(key.createdBy) ?? null;
    key.creatorName = names.get(key.createdBy) ?? null;
  }
  return keys;
}

/**
 * Revokes every key `userId` created in the account, in the caller's transaction: a member whose
 * access ends (deactivation, leaving) takes their keys with them, and a later reactivation does not
 * bring back a secret that may have been handed on meanwhile.
 */
export async function revokeKeysCreatedBy(em: EntityManager, accountId: string, userId: string): Promise<void> {
  await em.execute(`update api_key set revoked_at = now() where account_id = ? and created_by = ? and revoked_at is null`, [accountId, userId]);
}

export async function revokeApiKey(work: UnitOfWork, id: string): Promise<ApiKey> {
  const { globalEm, scope } = work;
  refuseKeyCallers(scope);
  await work.untilSchemaCurrent();
  const apiKey = await globalEm.transactional(async (em) => {
    // Filtering by the account makes another account's key indistinguishable from a missing one.
    const key = isUuid(id) ? await em.findOne(ApiKey, { id, accountId: scope.accountId }) : null;
    if (!key) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such API key in this account.');
    if (!key.revokedAt) await audit(work, em, { action: AuditAction.API_KEY_REVOKED, target: { type: 'API_KEY', id: key.id, label: key.name }, changes: { prefix: key.prefix } });
    key.revokedAt ??= new Date();
    await em.flush();
    return key;
  });
  return (await withCreatorAccess(globalEm, scope.accountId, [apiKey]))[0]!;
}
