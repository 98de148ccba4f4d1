import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { WebhookEvent } from './webhook-events.js';

@ObjectType({ description: 'A URL of the account that is told about changes, by signed POST requests.' })
@Entity({ schema: '*', tableName: 'webhook' })
export class Webhook {
  [OptionalProps]?: 'active' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Where deliveries are POSTed.' })
  @Property({ type: 'text' })
  url!: string;

  @Field(() => [WebhookEvent], { description: 'The events delivered to this URL.' })
  @Enum({ items: () => WebhookEvent, type: 'text[]', array: true })
  events!: WebhookEvent[];

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Signs deliveries; shown once, when the webhook is created. */
  @Property({ type: 'text', hidden: true })
  secret!: string;

  @Field({ description: 'Inactive webhooks get no new deliveries.' })
  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: queued or waiting for a retry; DELIVERED: answered 2xx; FAILED: given up after a day of retries.',
});

@ObjectType({ description: 'One event sent (or to be sent) to a webhook, with its last outcome.' })
@Entity({ schema: '*', tableName: 'webhook_delivery' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Sent as the Kontor-Delivery header: receivers use it to ignore repeats.' })
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Webhook, { fieldName: 'webhook_id' })
  webhook!: Webhook;

  @Field(() => WebhookEvent)
  @Enum({ items: () => WebhookEvent, type: 'text' })
  event!: WebhookEvent;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Field(() => WebhookDeliveryStatus)
  @Enum({ items: () => WebhookDeliveryStatus, type: 'text' })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'How many times it was sent so far.' })
  @Property({ type: 'integer' })
  attempts!: number;

  @Field({ description: 'When it is (or was last) due to be sent.' })
  @Property({ type: 'datetime' })
  nextAttemptAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt, when one arrived.' })
  @Property({ type: 'integer', nullable: true })
  lastStatusCode?: number | null;

  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in milliseconds, until its answer (or its failure).' })
  @Property({ type: 'integer', nullable: true })
  lastDurationMs?: number | null;

  @Field(() => Date, { nullable: true, description: 'When a failed delivery was queued again by redeliverWebhookDelivery; its day of retries counts from then.' })
  @Property({ type: 'datetime', nullable: true })
  redeliveredAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (timeout, refused address, HTTP status).' })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null;
}
