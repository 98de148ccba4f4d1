import type { EntityManager } from '@mikro-orm/postgresql';
import { wrap } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

/** What a webhook can be told about. The values are the event names deliveries carry. */
export enum WebhookEvent {
  PERSON_CREATED = 'person.created',
  PERSON_UPDATED = 'person.updated',
  PERSON_DELETED = 'person.deleted',
  COMPANY_CREATED = 'company.created',
  COMPANY_UPDATED = 'company.updated',
  COMPANY_DELETED = 'company.deleted',
  DEAL_CREATED = 'deal.created',
  DEAL_UPDATED = 'deal.updated',
  DEAL_DELETED = 'deal.deleted',
  /** Sent on demand only (sendTestWebhookEvent); no webhook subscribes to it. */
  WEBHOOK_TEST = 'webhook.test',
}
registerEnumType(WebhookEvent, {
  name: 'WebhookEvent',
  description: 'A change a webhook is told about; deliveries name it as "person.created", "deal.deleted", …',
  valuesConfig: { WEBHOOK_TEST: { description: 'A test delivery, sent by sendTestWebhookEvent whatever the webhook subscribes to; it cannot be subscribed to.' } },
});

/** Wakes the delivery workers of every process; the payload names the account schema with work to do. */
export const webhookChannel = 'kontor_webhooks';

/** Told how many deliveries each statement queued (metrics/metrics.ts counts them). */
const queuedListeners = new Set<(count: number) => void>();

/** Calls `listener` with the number of deliveries each enqueue statement of this process wrote; returns the unsubscribe. */
export function onWebhookDeliveriesQueued(listener: (count: number) => void): () => void {
  queuedListeners.add(listener);
  return () => queuedListeners.delete(listener);
}

/**
 * Queues a delivery of `event` to every active webhook of the account that
 * asked for it. Call it with the account's entity manager, inside the
 * transaction of the change: a change rolled back is never announced, and a
 * change committed always is. One statement; nothing when no webhook listens.
 */
export function enqueueWebhookEvent(em: EntityManager, event: WebhookEvent, payload: Record<string, unknown>): Promise<void> {
  return enqueueWebhookEvents(em, event, [payload]);
}

/** The same for several records at once (a bulk delete): still one statement. */
export async function enqueueWebhookEvents(em: EntityManager, event: WebhookEvent, payloads: Record<string, unknown>[]): Promise<void> {
  if (payloads.length === 0) return;
  const [ctes, params] = webhookEnqueueCtes(event, payloads);
  const [row] = await em.execute<{ queued: number }[]>(`with ${ctes} select ${webhookEnqueueCounts}`, params);
  reportQueuedDeliveries(row?.queued ?? 0);
}

/**
 * The enqueue as two CTEs, `queued` and `notified`, for a statement that makes its change in CTEs before them (one
 * round trip for both); its select must read `webhookEnqueueCounts` (the notification is sent only when `notified`
 * is read) and hand `queued` to `reportQueuedDeliveries`.
 */
export function webhookEnqueueCtes(event: WebhookEvent, payloads: Record<string, unknown>[]): [sql: string, params: unknown[]] {
  return [
    `queued as (
       insert into webhook_delivery (id, webhook_id, event, payload)
       select gen_random_uuid(), w.id, ?, p.payload
         from webhook w cross join jsonb_array_elements(?::jsonb) with ordinality as p(payload, n)
        where w.active and ? = any(w.events)
        order by p.n
       returning 1
     ), notified as (
       -- ::text: Citus keeps a CTE's rows as an intermediate result, which cannot hold a void column.
       select pg_notify(?, current_schema())::text from queued limit 1
     )`,
    [event, JSON.stringify(payloads), event, webhookChannel],
  ];
}

export const webhookEnqueueCounts = `(select count(*) from queued)::int as queued, (select count(*) from notified)::int as notified`;

/** Tells the listeners (metrics) how many deliveries a statement queued. */
export function reportQueuedDeliveries(queued: number): void {
  if (queued > 0) for (const listener of queuedListeners) listener(queued);
}

/** What a delivery says about a record: its fields as the API names them, and for an update the fields that changed. */
export function recordPayload(record: object, changedFields?: string[]): Record<string, unknown> {
  return { record: wrap(record).toObject(), ...(changedFields ? { changedFields } : {}) };
}
