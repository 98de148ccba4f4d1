import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Something to do: assigned to a member, optionally about one person, company or deal.' })
@Entity({ schema: '*', tableName: 'task' })
export class Task {
  [OptionalProps]?: 'done' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

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

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
