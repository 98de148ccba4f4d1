import { Entity, OptionalProps, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { AccountRecord } from '../common/account-record.entity.js';

@ObjectType({ description: 'Something to do: assigned to a member, optionally about one person, company or deal.' })
@Entity({ schema: '*', tableName: 'task' })
export class Task extends AccountRecord {
  [OptionalProps]?: 'done' | 'createdAt' | 'updatedAt';

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'ISO date (YYYY-MM-DD) the task is due on.' })
  @Property({ type: 'date', nullable: true })
  dueDate?: string | null;

  @Field()
  @Property({ type: 'boolean' })
  done: boolean = false;

  @Field(() => Date, { nullable: true, description: 'When the task was marked done; null while it is open.' })
  @Property({ type: 'datetime', nullable: true })
  doneAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  assigneeUserId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  personId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  companyId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  dealId?: string | null;
}
