import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * A mail the server kept instead of sending, because no SMTP server is
 * configured (SMTP_URL). Lets a fresh install work without a mail server:
 * the owner reads invitation links here.
 */
@ObjectType({ description: 'A mail kept in the outbox because the server has no SMTP server configured (SMTP_URL).' })
@Entity({ tableName: 'mail_outbox' })
export class OutboxMail {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The account the mail was sent for; its owners may read it. */
  @Property({ type: 'uuid', nullable: true })
  accountId?: string;

  @Field({ description: 'The recipient address.' })
  @Property({ type: 'text', fieldName: 'to_address' })
  to!: string;

  @Field()
  @Property({ type: 'text' })
  subject!: string;

  @Field({ description: 'The plain-text body, links included.' })
  @Property({ type: 'text', fieldName: 'body_text' })
  text!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
