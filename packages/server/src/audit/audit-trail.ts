import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { assertAccountSchemaName } from '../db/account-schema.js';
import { quoteIdent } from '../db/sql.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { AuditAction } from './audit-action.js';

/** How long the audit trail keeps an entry: the clean-up (cleanup/retention-cleanup.ts) removes older ones. */
export const auditRetentionDays = 400;

export interface AuditActor {
  userId: string | null;
  apiKeyId: string | null;
  clientAddress: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  target?: { type: string; id: string; label?: string | null };
  /** What changed, as the screens show it: from/to, names of fields, IDs. Never a secret. */
  changes?: Record<string, unknown>;
}

/** Who is acting in this unit of work: the user, or the API key (with the user who made it). */
export function actorOf(work: UnitOfWork): AuditActor {
  return { userId: work.userId, apiKeyId: work.scope.apiKeyId ?? null, clientAddress: work.clientAddress ?? null };
}

/**
 * Adds an entry to an account's audit trail with `em`, inside the
 * transaction that makes the change, so the entry and the change are kept or
 * lost together. `em` is either the account's entity manager (a change of the
 * account's records, under its role) or a global one inside the transaction of
 * a global change (team, billing, API keys), which names the account's schema
 * explicitly; call `work.untilSchemaCurrent()` before that transaction begins.
 */
export async function recordAudit(em: EntityManager, schemaName: string, actor: AuditActor, entry: AuditEntry, commit: 'durable' | 'asynchronous' = 'durable'): Promise<void> {
  const { sql, params } = auditInsert(schemaName, actor, entry, commit);
  await em.execute(sql, params);
}

/** The statement recordAudit sends, for a caller that sends it together with another one. */
export function auditInsert(schemaName: string, actor: AuditActor, entry: AuditEntry, commit: 'durable' | 'asynchronous' = 'durable'): { sql: string; params: unknown[] } {
  assertAccountSchemaName(schemaName);
  // An asynchronous commit is asked for inside the statement itself: it then holds for the statement's own
  // transaction only, never for the pooled connection's later ones.
  const asynchronous = commit === 'asynchronous' ? ` where (select set_config('synchronous_commit', 'off', true)) = 'off'` : '';
  return {
    sql: `insert into ${quoteIdent(schemaName)}.audit_event (id, action, actor_user_id, actor_api_key_id, client_address, target_type, target_id, target_label, changes)
     select ?::uuid, ?, ?::uuid, ?::uuid, ?, ?, ?, ?, ?::jsonb${asynchronous}`,
    params: [
      randomUUID(),
      entry.action,
      actor.userId,
      actor.apiKeyId,
      actor.clientAddress,
      entry.target?.type ?? null,
      entry.target?.id ?? null,
      entry.target?.label ?? null,
      JSON.stringify(entry.changes ?? {}),
    ],
  };
}

/** The common case: an entry for the unit of work's account and caller, with `em` inside the change's transaction. */
export function audit(work: UnitOfWork, em: EntityManager, entry: AuditEntry): Promise<void> {
  return recordAudit(em, work.scope.schemaName, actorOf(work), entry);
}

/** Records that deleted records are gone (their kind and IDs), in the deletion's own transaction; nothing when none was. */
export async function auditDeleted(work: UnitOfWork, em: EntityManager, kind: 'PERSON' | 'COMPANY' | 'DEAL' | 'TASK' | 'NOTE', ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await audit(work, em, { action: AuditAction.RECORDS_DELETED, target: { type: kind, id: ids.length === 1 ? ids[0]! : `${ids.length}` }, changes: { kind, count: ids.length, ids } });
}
