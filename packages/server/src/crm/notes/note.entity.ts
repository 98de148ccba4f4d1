import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A note on a person, company or deal. Confidential notes are seen only by roles with the right "notes.readConfidential".' })
@Entity({ schema: '*', tableName: 'note' })
export class Note {
  [OptionalProps]?: 'confidential' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

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

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
