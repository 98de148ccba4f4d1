import { Entity, OptionalProps, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ImportantDate } from './person.types.js';
import { AddressedRecord } from '../common/account-record.entity.js';

@ObjectType({ description: 'A person: a contact, optionally working at a company.' })
@Entity({ schema: '*', tableName: 'person' })
export class Person extends AddressedRecord {
  [OptionalProps]?: 'firstName' | 'emails' | 'phones' | 'importantDates' | 'createdAt' | 'updatedAt';

  @Field()
  @Property({ type: 'text' })
  firstName: string = '';

  @Field()
  @Property({ type: 'text' })
  lastName!: string;

  @Field(() => [String])
  @Property({ type: 'text[]' })
  emails: string[] = [];

  @Field(() => [String])
  @Property({ type: 'text[]' })
  phones: string[] = [];

  @Field(() => String, { nullable: true, description: 'Job title.' })
  @Property({ type: 'text', nullable: true })
  position?: string | null;

  @Property({ type: 'uuid', nullable: true })
  companyId?: string | null;

  /** The company's name as it is, for search: kept true by a foreign key (AccountMigration0012SearchColumns). Not in the API, nor in webhook payloads. */
  @Property({ type: 'text', nullable: true, hidden: true })
  companyName?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date (YYYY-MM-DD).' })
  @Property({ type: 'date', nullable: true })
  birthday?: string | null;

  @Field(() => [ImportantDate], { description: 'Other dates worth remembering (anniversaries, contract ends, …).' })
  @Property({ type: 'json' })
  importantDates: ImportantDate[] = [];

  @Property({ type: 'uuid', nullable: true })
  responsibleUserId?: string | null;
}
