import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ActivityKind {
  CREATED = 'CREATED',
  CHANGED = 'CHANGED',
  NOTE_ADDED = 'NOTE_ADDED',
  PHASE_MOVED = 'PHASE_MOVED',
  TASK_DONE = 'TASK_DONE',
  /** Copied into another of the user's accounts (copy/); `accountName` names it. */
  COPIED_TO = 'COPIED_TO',
  /** Made as a copy of a record of another account (copy/); `accountName` names it. */
  COPIED_FROM = 'COPIED_FROM',
}
registerEnumType(ActivityKind, {
  name: 'ActivityKind',
  description: 'What happened to a record.',
  valuesConfig: {
    COPIED_TO: { description: 'The record was copied into another account, named in `accountName`.' },
    COPIED_FROM: { description: 'The record is a copy of one in another account, named in `accountName`.' },
  },
});

export type SubjectType = 'PERSON' | 'COMPANY' | 'DEAL';

export interface ActivityDetails {
  changedFields?: string[];
  /** The custom fields that changed, by their name at the time. */
  changedCustomFields?: string[];
  fromPhase?: string | null;
  toPhase?: string;
  noteId?: string;
  confidential?: boolean;
  taskTitle?: string;
  /** For COPIED_TO and COPIED_FROM: the other account, by its name at the time. */
  accountName?: string;
}

@ObjectType({ description: 'One entry of a record\'s timeline.' })
export class Activity {
  @Field(() => ID)
  id!: string;

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field()
  occurredAt!: Date;

  actorUserId!: string | null;

  @Field(() => [String], { description: 'For CHANGED: the fields that changed.' })
  changedFields!: string[];

  @Field(() => [String], { description: 'For CHANGED: the custom fields that changed, by their name at the time.' })
  changedCustomFields!: string[];

  @Field(() => String, { nullable: true, description: 'For PHASE_MOVED: the phase before (its name).' })
  fromPhase!: string | null;

  @Field(() => String, { nullable: true, description: 'For PHASE_MOVED: the phase after (its name).' })
  toPhase!: string | null;

  @Field(() => String, { nullable: true, description: 'For TASK_DONE: the task.' })
  taskTitle!: string | null;

  @Field(() => String, { nullable: true, description: 'For COPIED_TO and COPIED_FROM: the other account, by its name at the time.' })
  accountName!: string | null;
}

/** Writes one timeline entry, in the same transaction as the change it records. */
export async function recordActivity(work: UnitOfWork, subjectType: SubjectType, subjectId: string, kind: ActivityKind, details: ActivityDetails = {}): Promise<void> {
  const em = await work.accountEm();
  await em.execute(...activityInsert(work, subjectType, subjectId, kind, details));
}

/** `recordActivity`'s insert, for a change that sends it with its own statements (as a CTE, or with AccountScope.statements). */
export function activityInsert(work: UnitOfWork, subjectType: SubjectType, subjectId: string, kind: ActivityKind, details: ActivityDetails = {}): [sql: string, params: unknown[]] {
  return [
    `insert into activity (id, subject_type, subject_id, kind, actor_user_id, details) values (?, ?, ?, ?, ?, ?)`,
    [randomUUID(), subjectType, subjectId, kind, work.userId, JSON.stringify(details)],
  ];
}

export function activityFromRow(row: Record<string, unknown>): Activity {
  const details = (row.details ?? {}) as ActivityDetails;
  return Object.assign(new Activity(), {
    id: row.id as string,
    kind: row.kind as ActivityKind,
    occurredAt: new Date(row.occurred_at as string),
    actorUserId: (row.actor_user_id as string | null) ?? null,
    changedFields: details.changedFields ?? [],
    changedCustomFields: details.changedCustomFields ?? [],
    fromPhase: details.fromPhase ?? null,
    toPhase: details.toPhase ?? null,
    taskTitle: details.taskTitle ?? null,
    accountName: details.accountName ?? null,
  });
}
