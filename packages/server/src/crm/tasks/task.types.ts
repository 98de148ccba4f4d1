import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { SubjectFields } from '../common/subject.js';

@InputType({ description: 'A new task. It may be about at most one person, company or deal.' })
export class CreateTaskInput extends SubjectFields {
  @Field()
  title!: string;

  @Field({ nullable: true, description: 'ISO date (YYYY-MM-DD).' })
  dueDate?: string;

  @Field(() => ID, { nullable: true, description: 'An active member of this account; defaults to the creator.' })
  assigneeUserId?: string;
}

@InputType({ description: 'Changes to a task; fields left out stay as they are, null clears. Setting a subject replaces the previous one.' })
export class UpdateTaskInput {
  @Field({ nullable: true })
  title?: string;

  @Field(() => String, { nullable: true, description: 'ISO date (YYYY-MM-DD).' })
  dueDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'An active member of this account.' })
  assigneeUserId?: string | null;

  @Field({ nullable: true, description: 'Marking a task done records it in the timeline of its person, company or deal.' })
  done?: boolean;

  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => ID, { nullable: true })
  companyId?: string | null;

  @Field(() => ID, { nullable: true })
  dealId?: string | null;
}

@InputType({ description: 'Narrows a list of tasks; all given conditions must hold.' })
export class TaskFilter extends SubjectFields {
  @Field({ nullable: true, description: 'Text the title contains (case-insensitive).' })
  text?: string;

  @Field(() => ID, { nullable: true })
  assigneeUserId?: string;

  @Field({ nullable: true, description: 'true: done tasks only; false: open tasks only.' })
  done?: boolean;

  @Field({ nullable: true, description: 'Due on or after this ISO date (YYYY-MM-DD).' })
  dueAfter?: string;

  @Field({ nullable: true, description: 'Due before this ISO date (YYYY-MM-DD), the date itself excluded.' })
  dueBefore?: string;
}

export enum TaskOrder {
  DUE_DATE_ASC = 'DUE_DATE_ASC',
  DUE_DATE_DESC = 'DUE_DATE_DESC',
  CREATED_AT_DESC = 'CREATED_AT_DESC',
}
registerEnumType(TaskOrder, { name: 'TaskOrder', description: 'How a list of tasks is sorted. Tasks without a due date come last in both due-date orders.' });
