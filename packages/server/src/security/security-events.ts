import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { describeClient } from './client-description.js';
import type { SecurityEventKind } from './security-event-kind.js';
import { SecurityEvent } from './security.types.js';

/** The client a security event came from, when the flow knows it. */
export interface EventClient {
  ip: string;
  userAgent: string | undefined;
}

/** Records one event in `em`'s transaction (with the change itself, so neither is kept without the other). */
export async function recordSecurityEvent(em: EntityManager, userId: string, kind: SecurityEventKind, client?: EventClient): Promise<void> {
  await em.execute(`insert into security_event (id, user_id, kind, user_agent, ip) values (?, ?, ?, ?, ?)`, [
    randomUUID(),
    userId,
    kind,
    client?.userAgent?.slice(0, 500) ?? null,
    client?.ip ?? null,
  ]);
}

/** The login's events, newest first (at most `first`). */
export async function listSecurityEvents(globalEm: EntityManager, userId: string, first: number): Promise<SecurityEvent[]> {
  const rows = await globalEm.fork().execute<{ id: string; kind: SecurityEventKind; occurred_at: Date; user_agent: string | null; ip: string | null }[]>(
    `select id, kind, occurred_at, user_agent, ip from security_event where user_id = ? order by occurred_at desc, id limit ?`,
    [userId, first],
  );
  return rows.map((row) => {
    const { browser, os, address } = describeClient(row.user_agent, row.ip);
    return Object.assign(new SecurityEvent(), { id: row.id, kind: row.kind, occurredAt: new Date(row.occurred_at), browser, os, clientAddress: address });
  });
}
