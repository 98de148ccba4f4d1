import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { InAccount, requireAccount } from '../request/access.js';
import type { RequestContext } from '../request/context.js';
import { Webhook, WebhookDelivery } from './webhook.entity.js';
import { CreatedWebhook, CreateWebhookInput, UpdateWebhookInput } from './webhooks.types.js';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, updateWebhook, type WebhookSettings } from './webhooks.service.js';
import { UndoneWithRequest } from '../graphql/mutation-batch.js';

const accountEm = async (ctx: RequestContext) => (await requireAccount(ctx).em()) as EntityManager;
const settingsOf = (ctx: RequestContext): WebhookSettings => ctx.config.webhooks;

@Resolver()
export class WebhooksResolver {
  @InAccount('webhooks.manage')
  @Query(() => [Webhook], { description: "The current account's webhooks, oldest first." })
  async webhooks(@Ctx() ctx: RequestContext): Promise<Webhook[]> {
    return listWebhooks(await accountEm(ctx));
  }

  @InAccount('webhooks.manage')
  @Query(() => [WebhookDelivery], { description: "A webhook's deliveries, newest first, with their last status." })
  async webhookDeliveries(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookDelivery[]> {
    return listDeliveries(await accountEm(ctx), webhookId, first);
  }

  @InAccount('webhooks.manage')
  @UndoneWithRequest()
  @Mutation(() => CreatedWebhook, { description: 'Registers a URL to be told about changes; returns the signing secret once.' })
  async createWebhook(@Arg('input') input: CreateWebhookInput, @Ctx() ctx: RequestContext): Promise<CreatedWebhook> {
    return createWebhook(await accountEm(ctx), requireAccount(ctx), input, settingsOf(ctx));
  }

  @InAccount('webhooks.manage')
  @UndoneWithRequest()
  @Mutation(() => Webhook, { description: "Changes a webhook's URL, events, description or whether it is active." })
  async updateWebhook(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateWebhookInput, @Ctx() ctx: RequestContext): Promise<Webhook> {
    return updateWebhook(await accountEm(ctx), id, input, settingsOf(ctx));
  }

  @InAccount('webhooks.manage')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a webhook with its deliveries, sent or not. Returns its ID.' })
  async deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    return deleteWebhook(await accountEm(ctx), id);
  }
}
