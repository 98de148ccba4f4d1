import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountScope } from '../request/account-scope.js';
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
  return unique;
}

function checkedDescription(description: string | null | undefined): string | null {
  const text = description?.trim() || null;
  if (text && text.length > 200) throw badUserInput('description', 'Keep the description to 200 characters.');
  return text;
}

export async function createWebhook(em: EntityManager, scope: AccountScope, input: CreateWebhookInput, settings: WebhookSettings) {
  const events = checkedEvents(input.events);
  const description = checkedDescription(input.description);
  const url = await checkedUrl(input.url, settings);
  if ((await em.count(Webhook, {})) >= maxWebhooksPerAccount) {
    throw badUserInput('url', `An account can have at most ${maxWebhooksPerAccount} webhooks.`);
  }
  const signingSecret = `whsec_${randomBytes(32).toString('base64url')}`;
  const webhook = em.create(Webhook, { url, events, description, secret: signingSecret, createdBy: scope.userId });
  await em.flush();
  return { webhook, signingSecret };
}

export async function updateWebhook(em: EntityManager, id: string, input: UpdateWebhookInput, settings: WebhookSettings): Promise<Webhook> {
  const webhook = await findWebhook(em, id);
  if (input.events != null) webhook.events = checkedEvents(input.events);
  if (input.description !== undefined) webhook.description = checkedDescription(input.description);
  if (input.active != null) webhook.active = input.active;
  if (input.url != null) webhook.url = await checkedUrl(input.url, settings);
  await em.flush();
  return webhook;
}

export async function deleteWebhook(em: EntityManager, id: string): Promise<string> {
  const webhook = await findWebhook(em, id);
  await em.remove(webhook).flush();
  return id;
}

export function listWebhooks(em: EntityManager): Promise<Webhook[]> {
  return em.find(Webhook, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

export async function listDeliveries(em: EntityManager, webhookId: string, first: number): Promise<WebhookDelivery[]> {
  await findWebhook(em, webhookId);
  if (first < 1 || first > 100) throw badUserInput('first', 'Ask for 1 to 100 deliveries.');
  return em.find(WebhookDelivery, { webhook: webhookId }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: first });
}

async function findWebhook(em: EntityManager, id: string): Promise<Webhook> {
  const webhook = /^[0-9a-f-]{36}$/i.test(id) ? await em.findOne(Webhook, id) : null;
  if (!webhook) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such webhook in this account.');
  return webhook;
}
