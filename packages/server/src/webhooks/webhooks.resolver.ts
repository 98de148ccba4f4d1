import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { InAccount } from '../request/access.js';
import { Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import type { RequestContext } from '../request/context.js';
import { Webhook, WebhookDelivery } from './webhook.entity.js';
import { CreatedWebhook, CreateWebhookInput, UpdateWebhookInput } from './webhooks.types.js';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, updateWebhook, type WebhookSettings } from './webhooks.service.js';
import { UndoneWithRequest } from '../graphql/mutation-batch.js';
import { redeliverWebhookDelivery, rotateWebhookSecret, sendTestWebhookEvent } from './webhook-actions.service.js';

const settingsOf = (ctx: RequestContext): WebhookSettings => ctx.config.webhooks;

@Resolver()
export class WebhooksResolver {
  @InAccount('webhooks.manage')
  @Query(() => [Webhook], { description: "The current account's webhooks, oldest first." })
  webhooks(@Work() work: UnitOfWork): Promise<Webhook[]> {
    return listWebhooks(work);
  }

  @InAccount('webhooks.manage')
  @Query(() => [WebhookDelivery], { description: "A webhook's deliveries, newest first, with their last status." })
  webhookDeliveries(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Work() work: UnitOfWork,
  ): Promise<WebhookDelivery[]> {
    return listDeliveries(work, webhookId, first);
  }

  @InAccount('webhooks.manage')
  @UndoneWithRequest()
  @Mutation(() => CreatedWebhook, { description: 'Registers a URL to be told about changes; returns the signing secret once.' })
  createWebhook(
    @Arg('input') input: CreateWebhookInput,
    @Ctx() ctx: RequestContext,
    @Work() work: UnitOfWork,
  ): Promise<CreatedWebhook> {
    return createWebhook(work, input, settingsOf(ctx));
  }

  @InAccount('webhooks.manage')
  @UndoneWithRequest()
  @Mutation(() => Webhook, { description: "Changes a webhook's URL, events, description or whether it is active." })
  updateWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateWebhookInput,
    @Ctx() ctx: RequestContext,
    @Work() work: UnitOfWork,
  ): Promise<Webhook> {
    return updateWebhook(work, id, input, settingsOf(ctx));
  }

  @InAccount('webhooks.manage')
  @UndoneWithRequest()
  @Mutation(() => CreatedWebhook, { description: 'Replaces the signing secret at once and returns the new one, once: deliveries from now on are signed with it.' })
  rotateWebhookSecret(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<CreatedWebhook> {
    return rotateWebhookSecret(work, id);
  }

  @InAccount('webhooks.manage')
  @UndoneWithRequest()
  @Mutation(() => WebhookDelivery, { description: 'Queues a test delivery (event webhook.test) to the webhook now, whatever its events and even while paused; it appears in webhookDeliveries.' })
  sendTestWebhookEvent(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<WebhookDelivery> {
    return sendTestWebhookEvent(work, id);
  }

  @InAccount('webhooks.manage')
  @UndoneWithRequest()
  @Mutation(() => WebhookDelivery, {
    description: 'Queues a FAILED delivery again, due now, with the same ID (Kontor-Delivery) and a new day of retries. Other deliveries: BAD_USER_INPUT.',
  })
  redeliverWebhookDelivery(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<WebhookDelivery> {
    return redeliverWebhookDelivery(work, id);
  }

  @InAccount('webhooks.manage')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a webhook with its deliveries, sent or not. Returns its ID.' })
  deleteWebhook(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    return deleteWebhook(work, id);
  }
}
