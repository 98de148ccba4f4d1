import { decodeCursor, encodeCursor, pageSize, type Page } from '../crm/common/connection.js';
import { CountedPage, Where } from '../crm/common/sql-list.js';
import { isUuid } from '../db/ids.js';
import { badUserInput } from '../errors/errors.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import type { AuditAction } from './audit-action.js';
import { AuditActorKind, type AuditEvent, type AuditEventFilter } from './audit.types.js';

type Row = {
  id: string;
  occurred_at: string;
  action: AuditAction;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  client_address: string | null;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  changes: unknown;
  cursor: string;
};

function whereOf(filter: AuditEventFilter | undefined): Where {
  const where = new Where();
  if (filter?.actions?.length) where.add('action = any(?::text[])', `{${filter.actions.join(',')}}`);
  if (filter?.actorUserId) {
    if (!isUuid(filter.actorUserId)) throw badUserInput('filter.actorUserId', 'actorUserId must be an ID.');
    where.add('actor_user_id = ?::uuid', filter.actorUserId);
  }
  if (filter?.from) where.add('occurred_at >= ?::timestamptz', filter.from.toISOString());
  if (filter?.to) where.add('occurred_at < ?::timestamptz', filter.to.toISOString());
  return where;
}

/**
 * A page of the account's audit trail, newest first, read under the
 * account's role; each actor is named as they are now (one global look-up
 * of the page's people and API keys).
 */
export async function listAuditEvents(work: UnitOfWork, args: { first?: number; after?: string | null; filter?: AuditEventFilter }): Promise<Page<AuditEvent>> {
  const size = pageSize(args.first);
  const where = whereOf(args.filter);
  const page = new Where();
  page.conditions.push(...where.conditions);
  page.params.push(...where.params);
  if (args.after) page.add('(occurred_at, id) < (?::timestamptz, ?::uuid)', ...decodeCursor(args.after, ['timestamptz', 'uuid']));
  const rows = await work.scope.query<Row>(
    `select *, occurred_at::text as cursor from audit_event where ${page.sql()} order by occurred_at desc, id desc limit ?`,
    [...page.params, size + 1],
  );
  const shown = rows.slice(0, size);
  const events = await withActorNames(work, shown);
  const edges = events.map((node, i) => ({ node, cursor: encodeCursor([shown[i]!.cursor, shown[i]!.id]) }));
  return new CountedPage(
    edges,
    { hasNextPage: rows.length > size, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    work.scope,
    `select count(*) as count from audit_event where ${where.sql()}`,
    where.params,
  );
}

async function withActorNames(work: UnitOfWork, rows: Row[]): Promise<AuditEvent[]> {
  const userIds = [...new Set(rows.map((row) => row.actor_user_id).filter((id): id is string => id !== null))];
  const keyIds = [...new Set(rows.map((row) => row.actor_api_key_id).filter((id): id is string => id !== null))];
  const users = userIds.length
    ? await work.globalEm.execute<{ id: string; name: string }[]>(`select id, name from app_user where id = any(?::uuid[])`, [`{${userIds.join(',')}}`])
    : [];
  // Only this account's keys: an ID of another account's key (there is none here, but the trail is not trusted blindly) names nothing.
  const keys = keyIds.length
    ? await work.globalEm.execute<{ id: string; name: string }[]>(`select id, name from api_key where id = any(?::uuid[]) and account_id = ?`, [`{${keyIds.join(',')}}`, work.scope.accountId])
    : [];
  const userNames = new Map(users.map((user) => [user.id, user.name]));
  const keyNames = new Map(keys.map((key) => [key.id, key.name]));
  return rows.map((row) => ({
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    action: row.action,
    actor: {
      kind: row.actor_api_key_id ? AuditActorKind.API_KEY : AuditActorKind.USER,
      userId: row.actor_user_id,
      apiKeyId: row.actor_api_key_id,
      name: (row.actor_api_key_id ? keyNames.get(row.actor_api_key_id) : userNames.get(row.actor_user_id ?? '')) ?? '—',
    },
    clientAddress: row.client_address,
    targetType: row.target_type,
    targetId: row.target_id,
    targetLabel: row.target_label,
    changes: JSON.stringify(typeof row.changes === 'string' ? JSON.parse(row.changes) : row.changes),
  }));
}
