import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AccountSummary } from '../search/search.types.js';

export enum MyWorkDue {
  OVERDUE = 'OVERDUE',
  TODAY = 'TODAY',
  THIS_WEEK = 'THIS_WEEK',
}
registerEnumType(MyWorkDue, {
  name: 'MyWorkDue',
  description: 'When a task of "my work" is due, counted from the `today` the client gave.',
  valuesConfig: {
    OVERDUE: { description: 'Due before today.' },
    TODAY: { description: 'Due today.' },
    THIS_WEEK: { description: 'Due in the six days after today.' },
  },
});

export enum MyWorkSubjectKind {
  PERSON = 'PERSON',
  COMPANY = 'COMPANY',
  DEAL = 'DEAL',
}
registerEnumType(MyWorkSubjectKind, { name: 'MyWorkSubjectKind', description: 'What a task of "my work" is about.' });

@ObjectType({ description: 'The person, company or deal a task of "my work" is about, in the task\'s account.' })
export class MyWorkSubject {
  @Field(() => MyWorkSubjectKind)
  kind!: MyWorkSubjectKind;

  @Field(() => ID)
  id!: string;

  @Field({ description: "The record's name or title." })
  name!: string;
}

@ObjectType({ description: 'An open task assigned to you, in one of your accounts.' })
export class MyWorkTask {
  @Field(() => ID, { description: 'The task: task(id) in `account`.' })
  id!: string;

  @Field()
  title!: string;

  @Field({ description: 'ISO date (YYYY-MM-DD).' })
  dueDate!: string;

  @Field(() => MyWorkDue)
  due!: MyWorkDue;

  @Field(() => MyWorkSubject, { nullable: true })
  subject!: MyWorkSubject | null;

  @Field(() => AccountSummary)
  account!: AccountSummary;
}

@ObjectType({ description: 'What the account bar shows next to one of your accounts.' })
export class AccountBadge {
  @Field(() => AccountSummary)
  account!: AccountSummary;

  @Field(() => Int, { description: 'Your open tasks in this account due before today.' })
  overdueTasks!: number;

  @Field(() => Int, {
    description: "Invitations of this account still waiting for an answer (link not used, withdrawn or expired); 0 unless you may manage the account's team.",
  })
  pendingInvitations!: number;
}

@ObjectType({ description: 'A task of one of your accounts after setTaskDoneInAccount.' })
export class TaskInAccount {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field()
  done!: boolean;

  @Field(() => AccountSummary)
  account!: AccountSummary;
}
