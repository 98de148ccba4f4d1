import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A label of this account, attachable to people, companies and deals.' })
@Entity({ schema: '*', tableName: 'tag' })
export class Tag {
  [OptionalProps]?: 'color' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field({ description: 'A CSS colour, e.g. #2563eb.' })
  @Property({ type: 'text' })
  color: string = '#64748b';

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
