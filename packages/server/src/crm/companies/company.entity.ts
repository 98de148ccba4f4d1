import { Entity, OptionalProps, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { AddressedRecord } from '../common/account-record.entity.js';

@ObjectType({ description: 'A company: an organisation that people work at and deals are made with.' })
@Entity({ schema: '*', tableName: 'company' })
export class Company extends AddressedRecord {
  [OptionalProps]?: 'emails' | 'phones' | 'createdAt' | 'updatedAt';

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

  @Property({ type: 'uuid', nullable: true })
  responsibleUserId?: string | null;
}
