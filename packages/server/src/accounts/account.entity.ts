import { Entity, OptionalProps, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { accountSchemaName } from '../db/account-schema.js';
import { Plan } from './plan.entity.js';

/** An account: a separate CRM whose data lives in its own schema (`schemaName`). */
@ObjectType({ description: 'A separate CRM. Its data is visible only to its members.' })
@Entity({ tableName: 'account' })
export class Account {
  [OptionalProps]?: 'schemaName' | 'createdAt' | 'twoFactorRequired';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field({ description: 'The account in URLs: /a/<slug>/…' })
  @Property({ type: 'text' })
  @Unique()
  slug!: string;

  @Property({ type: 'text' })
  schemaName: string = accountSchemaName(this.id);

  @Field(() => Plan, { description: "The account's package." })
  @ManyToOne(() => Plan, { fieldName: 'plan_code', eager: true })
  plan!: Plan;

  @Property({ type: 'uuid', nullable: true })
  createdByUserId?: string;

  @Field({ description: 'Whether every member needs a second factor to open this account (set by the owner: setTwoFactorRequired). API keys are not affected.' })
  @Property({ type: 'boolean' })
  twoFactorRequired: boolean = false;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
