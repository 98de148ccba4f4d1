import type { PageSelection } from '../common/selection.js';
import { auditDeleted } from '../../audit/audit-trail.js';
import { ErrorCode, KontorError } from '../../errors/errors.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { ActivityKind, recordActivity } from '../activity/activity.js';
import { assertActiveMember } from '../common/record-references.js';
import { pgArray } from '../common/loaders.js';
import { rowMapper } from '../common/row-mapper.js';
import { listPage, Where, type SortOrder } from '../common/sql-list.js';
import { checkSubject, filterBySubject, subjectOf } from '../common/subject.js';
import { containsPattern } from '../common/text-query.js';
import { isoDate, isUuid, requiredText, uuidOrNil } from '../common/validation.js';
import { Task } from './task.entity.js';
import { TaskOrder, type CreateTaskInput, type TaskFilter, type UpdateTaskInput } from './task.types.js';

const id: SortOrder['keys'][number] = { sql: 't.id', type: 'uuid' };
// Undated tasks sort as if due at the far end of the chosen direction, so they come last either way.
const orders: Record<TaskOrder, SortOrder> = {
  [TaskOrder.DUE_DATE_ASC]: { direction: 'asc', keys: [{ sql: `coalesce(t.due_date, 'infinity'::date)`, type: 'date' }, id] },
  [TaskOrder.DUE_DATE_DESC]: { direction: 'desc', keys: [{ sql: `coalesce(t.due_date, '-infinity'::date)`, type: 'date' }, id] },
  [TaskOrder.CREATED_AT_DESC]: { direction: 'desc', keys: [{ sql: 't.created_at', type: 'timestamptz' }, id] },
};

export function listTasks(work: UnitOfWork, args: { first?: number; after?: string; filter?: TaskFilter; orderBy?: TaskOrder; selection?: PageSelection }) {
  const where = new Where();
  const f = args.filter ?? {};
  if (f.text?.trim()) where.add(`t.title ilike ?`, containsPattern(f.text.trim()));
  if (f.assigneeUserId) where.add(`t.assignee_user_id = ?::uuid`, uuidOrNil(f.assigneeUserId));
  if (f.done !== undefined && f.done !== null) where.add(`t.done = ?`, f.done);
  if (f.dueAfter) where.add(`t.due_date >= ?::date`, isoDate(f.dueAfter, 'filter.dueAfter'));
  if (f.dueBefore) where.add(`t.due_date < ?::date`, isoDate(f.dueBefore, 'filter.dueBefore'));
  filterBySubject(where, f);
  return listPage(work.scope, {
    table: 'task',
    where,
    order: orders[args.orderBy ?? TaskOrder.DUE_DATE_ASC],
    first: args.first,
    after: args.after,
    toNode: rowMapper(work.metadata, Task),
    selection: args.selection,
  });
}

export async function findTask(work: UnitOfWork, taskId: string): Promise<Task | null> {
  const em = await work.accountEm();
  return isUuid(taskId) ? em.findOne(Task, taskId) : null;
}

export async function createTask(work: UnitOfWork, input: CreateTaskInput): Promise<Task> {
  const em = await work.accountEm();
  const title = requiredText(input.title, 'title', 300);
  const dueDate = isoDate(input.dueDate, 'dueDate');
  if (input.assigneeUserId != null) await assertActiveMember(work, input.assigneeUserId, 'assigneeUserId');
  const subject = await checkSubject(work, input, { required: false });
  const task = em.create(Task, { title, dueDate, assigneeUserId: input.assigneeUserId ?? work.userId, ...subject, createdBy: work.userId });
  await em.flush();
  return task;
}

export async function updateTask(work: UnitOfWork, taskId: string, input: UpdateTaskInput): Promise<Task> {
  const em = await work.accountEm();
  const task = await findTask(work, taskId);
  if (!task) throw notFound();
  const changes: Partial<Task> = {};
  if (input.title !== undefined && input.title !== null) changes.title = requiredText(input.title, 'title', 300);
  if (input.dueDate !== undefined) changes.dueDate = isoDate(input.dueDate, 'dueDate');
  if (input.assigneeUserId !== undefined) {
    if (input.assigneeUserId !== null) await assertActiveMember(work, input.assigneeUserId, 'assigneeUserId');
    changes.assigneeUserId = input.assigneeUserId;
  }
  const given = Object.fromEntries((['personId', 'companyId', 'dealId'] as const).filter((key) => input[key] !== undefined).map((key) => [key, input[key]]));
  if (Object.keys(given).length > 0) {
    // A new subject replaces the old one; a null only clears that link.
    const replaces = Object.values(given).some((value) => value !== null);
    const base = replaces ? {} : { personId: task.personId, companyId: task.companyId, dealId: task.dealId };
    Object.assign(changes, await checkSubject(work, { ...base, ...given }, { required: false }));
  }
  const becomesDone = input.done === true && !task.done;
  if (input.done !== undefined && input.done !== null && input.done !== task.done) {
    changes.done = input.done;
    changes.doneAt = input.done ? new Date() : null;
  }
  // Everything is checked before anything changes: refused input leaves the task as it was.
  Object.assign(task, changes);
  await em.flush();
  const subject = subjectOf(task);
  if (becomesDone && subject) await recordActivity(work, subject.type, subject.id, ActivityKind.TASK_DONE, { taskTitle: task.title });
  return task;
}

export async function deleteTasks(work: UnitOfWork, ids: string[]): Promise<string[]> {
  const em = await work.accountEm();
  const existing = ids.filter(isUuid);
  if (existing.length === 0) return [];
  const rows = await em.execute<{ id: string }[]>(`delete from task where id = any(?::uuid[]) returning id`, [pgArray(existing)]);
  await auditDeleted(work, em, 'TASK', rows.map((row) => row.id));
  return rows.map((row) => row.id);
}

export const notFound = () => new KontorError(ErrorCode.NOT_FOUND, 'There is no such task in this account.');
