import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../accounts/roles.js';

/** A key an integration uses instead of a login. Global: authentication must find it before any account is known. */
@ObjectType({ description: "An API key of the current account. Its secret is shown only once, when it is created." })
@Entity({ tableName: 'api_key' })
export class ApiKey {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  accountId!: string;

  @Field({ description: 'What the key is for, e.g. "Newsletter sync".' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Role, { description: 'The role the key acts with in the account.' })
  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  /** The part of the key that finds its row; not secret. */
  @Property({ type: 'text' })
  publicId!: string;

  @Field({ description: 'The beginning of the key (kontor_live_<id>), to recognise it; not secret.' })
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'blob', hidden: true, lazy: true })
  secretHash!: Buffer;

  @Field(() => ID, { description: 'The user who created the key; records the key creates name this user as their author.' })
  @Property({ type: 'uuid', fieldName: 'created_by' })
  createdBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'After this moment the key is refused. Null: it does not expire.' })
  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked; a revoked key is refused.' })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key was last used (to the minute).' })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null;
}
