import { randomBytes } from 'node:crypto';
import { AuditAction } from '../audit/audit-action.js';
import { audit, type AuditEntry } from '../audit/audit-trail.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { WebhookEvent } from './webhook-events.js';
import { assertPublicWebhookUrl, parseWebhookUrl, WebhookUrlError, type WebhookAddressSettings } from './webhook-url.js';
import { Webhook, WebhookDelivery } from './webhook.entity.js';
import type { CreateWebhookInput, UpdateWebhookInput } from './webhooks.types.js';

const maxWebhooksPerAccount = 20;

export type WebhookSettings = WebhookAddressSettings;

async function checkedUrl(raw: string, settings: WebhookSettings): Promise<string> {
  try {
    const url = parseWebhookUrl(raw);
    await assertPublicWebhookUrl(url, settings);
    return url.toString();
  } catch (error) {
    if (error instanceof WebhookUrlError) throw badUserInput('url', error.message);
    throw error;
  }
}

function checkedEvents(events: WebhookEvent[]): WebhookEvent[] {
  const unique = [...new Set(events)];
  if (unique.length === 0) throw badUserInput('events', 'Choose at least one event.');
  if (unique.includes(WebhookEvent.WEBHOOK_TEST)) throw badUserInput('events', 'Test events are sent on demand (sendTestWebhookEvent) and cannot be subscribed to.');
  return unique;
}

function checkedDescription(description: string | null | undefined): string | null {
  const text = description?.trim() || null;
  if (text && text.length > 200) throw badUserInput('description', 'Keep the description to 200 characters.');
  return text;
}

export async function createWebhook(work: UnitOfWork, input: CreateWebhookInput, settings: WebhookSettings) {
  const accountEm = await work.accountEm();
  const events = checkedEvents(input.events);
  const description = checkedDescription(input.description);
  const url = await checkedUrl(input.url, settings);
  if ((await accountEm.count(Webhook, {})) >= maxWebhooksPerAccount) {
    throw badUserInput('url', `An account can have at most ${maxWebhooksPerAccount} webhooks.`);
  }
  const signingSecret = newSigningSecret();
  const webhook = accountEm.create(Webhook, { url, events, description, secret: signingSecret, createdBy: work.userId });
  await accountEm.flush();
  await audit(work, accountEm, { action: AuditAction.WEBHOOK_CREATED, target: webhookTarget(webhook), changes: { events } });
  return { webhook, signingSecret };
}

export async function updateWebhook(work: UnitOfWork, id: string, input: UpdateWebhookInput, settings: WebhookSettings): Promise<Webhook> {
  const accountEm = await work.accountEm();
  const webhook = await findWebhook(accountEm, id);
  const before = { url: webhook.url, events: webhook.events, active: webhook.active, description: webhook.description };
  if (input.events != null) webhook.events = checkedEvents(input.events);
  if (input.description !== undefined) webhook.description = checkedDescription(input.description);
  if (input.active != null) webhook.active = input.active;
  if (input.url != null) webhook.url = await checkedUrl(input.url, settings);
  await accountEm.flush();
  const after = { url: webhook.url, events: webhook.events, active: webhook.active, description: webhook.description };
  const changes = Object.fromEntries(
    (Object.keys(before) as (keyof typeof before)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map((key) => [key, { from: before[key], to: after[key] }]),
  );
  if (Object.keys(changes).length > 0) await audit(work, accountEm, { action: AuditAction.WEBHOOK_CHANGED, target: webhookTarget(webhook), changes });
  return webhook;
}

export async function deleteWebhook(work: UnitOfWork, id: string): Promise<string> {
  const accountEm = await work.accountEm();
  const webhook = await findWebhook(accountEm, id);
  await accountEm.remove(webhook).flush();
  await audit(work, accountEm, { action: AuditAction.WEBHOOK_DELETED, target: webhookTarget(webhook) });
  return id;
}

export async function listWebhooks(work: UnitOfWork): Promise<Webhook[]> {
  return (await work.accountEm()).find(Webhook, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

export async function listDeliveries(work: UnitOfWork, webhookId: string, first: number): Promise<WebhookDelivery[]> {
  const accountEm = await work.accountEm();
  await findWebhook(accountEm, webhookId);
  if (first < 1 || first > 100) throw badUserInput('first', 'Ask for 1 to 100 deliveries.');
  return accountEm.find(WebhookDelivery, { webhook: webhookId }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: first });
}

export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

export async function findWebhook(accountEm: EntityManager, id: string): Promise<Webhook> {
  const webhook = /^[0-9a-f-]{36}$/i.test(id) ? await accountEm.findOne(Webhook, id) : null;
  if (!webhook) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such webhook in this account.');
  return webhook;
}

/** A webhook as the audit trail names it: its address (never its secret). */
export function webhookTarget(webhook: Webhook): AuditEntry['target'] {
  return { type: 'WEBHOOK', id: webhook.id, label: webhook.url };
}
