import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A company: an organisation that people work at and deals are made with.' })
@Entity({ schema: '*', tableName: 'company' })
export class Company {
  [OptionalProps]?: 'emails' | 'phones' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Field(() => [String])
  @Property({ type: 'text[]' })
  emails: string[] = [];

  @Field(() => [String])
  @Property({ type: 'text[]' })
  phones: string[] = [];

  @Property({ type: 'text', nullable: true })
  street?: string | null;

  @Property({ type: 'text', nullable: true })
  postalCode?: string | null;

  @Property({ type: 'text', nullable: true })
  city?: string | null;

  @Property({ type: 'text', nullable: true })
  country?: string | null;

  @Property({ type: 'uuid', nullable: true })
  responsibleUserId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
