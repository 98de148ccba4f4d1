import { randomUUID } from 'node:crypto';
import { AuditAction } from '../audit/audit-action.js';
import { audit } from '../audit/audit-trail.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { isUuid } from '../db/ids.js';
import { WebhookEvent, webhookChannel } from './webhook-events.js';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook.entity.js';
import { findWebhook, newSigningSecret, webhookTarget } from './webhooks.service.js';

/*
 * What an integrator does with a webhook beyond registering it: a new
 * signing secret, a test delivery, and sending a failed delivery again.
 * Each runs in the request's transaction and wakes the delivery workers.
 */

/** Replaces the signing secret at once (deliveries from now on are signed with the new one) and returns it, once. */
export async function rotateWebhookSecret(work: UnitOfWork, id: string) {
  const accountEm = await work.accountEm();
  const webhook = await findWebhook(accountEm, id);
  const signingSecret = newSigningSecret();
  webhook.secret = signingSecret;
  await accountEm.flush();
  await audit(work, accountEm, { action: AuditAction.WEBHOOK_CHANGED, target: webhookTarget(webhook), changes: { secret: 'renewed' } });
  return { webhook, signingSecret };
}

/** Queues a `webhook.test` delivery to this webhook, whatever it subscribes to and even while it is paused. */
export async function sendTestWebhookEvent(work: UnitOfWork, id: string): Promise<WebhookDelivery> {
  const accountEm = await work.accountEm();
  const webhook = await findWebhook(accountEm, id);
  const now = new Date();
  const delivery = accountEm.create(WebhookDelivery, {
    id: randomUUID(),
    webhook,
    event: WebhookEvent.WEBHOOK_TEST,
    payload: { test: true, message: 'A test delivery from Kontor.', webhook: { id: webhook.id, url: webhook.url } },
    status: WebhookDeliveryStatus.PENDING,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  });
  await accountEm.flush();
  await wakeWorkers(accountEm);
  return delivery;
}

/**
 * Queues a FAILED delivery again, due now, with the same ID (receivers that
 * saw an attempt tell the repeat by Kontor-Delivery) and a fresh day of retries.
 */
export async function redeliverWebhookDelivery(work: UnitOfWork, id: string): Promise<WebhookDelivery> {
  const accountEm = await work.accountEm();
  const delivery = isUuid(id) ? await accountEm.findOne(WebhookDelivery, id) : null;
  if (!delivery) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such webhook delivery in this account.');
  if (delivery.status !== WebhookDeliveryStatus.FAILED) {
    throw badUserInput('id', `Only a failed delivery can be sent again; this one is ${delivery.status.toLowerCase()}.`);
  }
  const now = new Date();
  Object.assign(delivery, { status: WebhookDeliveryStatus.PENDING, nextAttemptAt: now, lockedUntil: null, redeliveredAt: now });
  await accountEm.flush();
  await wakeWorkers(accountEm);
  return delivery;
}

async function wakeWorkers(accountEm: EntityManager): Promise<void> {
  await accountEm.execute('select pg_notify(?, current_schema())', [webhookChannel]);
}
