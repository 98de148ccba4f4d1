import { Entity, OptionalProps, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { AccountRecord } from '../common/account-record.entity.js';

@ObjectType({ description: 'A label of this account, attachable to people, companies and deals.' })
@Entity({ schema: '*', tableName: 'tag' })
export class Tag extends AccountRecord {
  [OptionalProps]?: 'color' | 'createdAt' | 'updatedAt';

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field({ description: 'A CSS colour, e.g. #2563eb.' })
  @Property({ type: 'text' })
  color: string = '#64748b';
}
