import { Entity, OptionalProps, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { AccountRecord } from '../common/account-record.entity.js';

@ObjectType({ description: 'A note on a person, company or deal. Confidential notes are seen only by roles with the right "notes.readConfidential".' })
@Entity({ schema: '*', tableName: 'note' })
export class Note extends AccountRecord {
  [OptionalProps]?: 'confidential' | 'createdAt' | 'updatedAt';

  @Field()
  @Property({ type: 'text' })
  body!: string;

  @Field()
  @Property({ type: 'boolean' })
  confidential: boolean = false;

  @Property({ type: 'uuid', nullable: true })
  personId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  companyId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  dealId?: string | null;
}
