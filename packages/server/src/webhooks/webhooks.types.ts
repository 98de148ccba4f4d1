import { Field, InputType, ObjectType } from 'type-graphql';
import { WebhookEvent } from './webhook-events.js';
import { Webhook } from './webhook.entity.js';

@InputType({ description: 'A new webhook of the current account.' })
export class CreateWebhookInput {
  @Field({ description: 'An https:// URL on a public address.' })
  url!: string;

  @Field(() => [WebhookEvent], { description: 'At least one event.' })
  events!: WebhookEvent[];

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({ description: 'Changes to a webhook; omitted fields stay as they are.' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true })
  url?: string;

  @Field(() => [WebhookEvent], { nullable: true })
  events?: WebhookEvent[];

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean;
}

@ObjectType({ description: 'A webhook just created, with the secret its deliveries are signed with: store it now, it is never shown again.' })
export class CreatedWebhook {
  @Field(() => Webhook)
  webhook!: Webhook;

  @Field({ description: 'Verify each delivery: HMAC-SHA256 with this secret over "<t>.<raw body>" equals v1 of the Kontor-Signature header.' })
  signingSecret!: string;
}
