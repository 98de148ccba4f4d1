import type { Orm } from '../db/orm.js';
import { can } from '../policies/account-rights.js';
import { readEveryAccount, type ActiveAccount } from '../request/every-account.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { isoDate } from '../crm/common/validation.js';
import { updateTask } from '../crm/tasks/task.service.js';
import { AccountBadge, MyWorkDue, MyWorkSubjectKind, MyWorkTask, TaskInAccount } from './my-work.types.js';
import type { AccountSummary } from '../search/search.types.js';

/** Tasks read per account: a person with more open, dated tasks in one account than this sees the earliest due. */
export const myWorkTasksPerAccount = 100;
/** "This week": today and the six days after it. */
const daysAhead = 6;

/** The client's today (its own calendar day), or the server's (UTC) when it sent none. */
export function todayOrDefault(today: string | null | undefined, now = new Date()): string {
  return isoDate(today, 'today') ?? now.toISOString().slice(0, 10);
}

function addDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const summary = ({ account }: ActiveAccount): AccountSummary => ({ id: account.id, name: account.name, slug: account.slug });

type TaskRow = { id: string; title: string; due_date: string; person_id: string | null; company_id: string | null; deal_id: string | null; subject_name: string | null };

/** One query per account: the user's open tasks due up to `until`, with the name of what each is about. */
const openTasksSql = `
  select t.id, t.title, to_char(t.due_date, 'YYYY-MM-DD') as due_date, t.person_id, t.company_id, t.deal_id,
         case when p.id is not null then concat_ws(' ', nullif(p.first_name, ''), p.last_name) else coalesce(c.name, d.title) end as subject_name
  from task t
  left join person p on p.id = t.person_id
  left join company c on c.id = t.company_id
  left join deal d on d.id = t.deal_id
  where t.assignee_user_id = ? and not t.done and t.due_date <= ?::date
  order by t.due_date, t.id
  limit ?`;

function subjectOf(row: TaskRow): MyWorkTask['subject'] {
  const [kind, id] = row.person_id
    ? [MyWorkSubjectKind.PERSON, row.person_id]
    : row.company_id
      ? [MyWorkSubjectKind.COMPANY, row.company_id]
      : row.deal_id
        ? [MyWorkSubjectKind.DEAL, row.deal_id]
        : [undefined, undefined];
  return kind && id && row.subject_name !== null ? { kind, id, name: row.subject_name } : null;
}

/**
 * The user's open tasks (assigned to them) that are overdue, due today or in
 * the six days after, across every account they are an active member of,
 * each read in its own account's transaction under its own role. Sorted by
 * due date, then account name.
 */
export async function myWork(orm: Orm, userId: string, today: string): Promise<MyWorkTask[]> {
  const until = addDays(today, daysAhead);
  const perAccount = await readEveryAccount(orm, userId, (work) => work.scope.query<TaskRow>(openTasksSql, [userId, until, myWorkTasksPerAccount]));
  const tasks = perAccount.flatMap(({ account, result }) =>
    result.map(
      (row): MyWorkTask => ({
        id: row.id,
        title: row.title,
        dueDate: row.due_date,
        due: row.due_date < today ? MyWorkDue.OVERDUE : row.due_date === today ? MyWorkDue.TODAY : MyWorkDue.THIS_WEEK,
        subject: subjectOf(row),
        account: summary(account),
      }),
    ),
  );
  // Stable sort: accounts come by name from readEveryAccount.
  return tasks.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/**
 * Per account, the user's overdue tasks and, where they may manage the team,
 * the invitations waiting for an answer: one count per account (under its
 * role) and one global query for the invitations.
 */
export async function accountBadges(orm: Orm, userId: string, today: string): Promise<AccountBadge[]> {
  const perAccount = await readEveryAccount(orm, userId, async (work) => {
    const [row] = await work.scope.query<{ n: number }>(`select count(*)::int as n from task where assignee_user_id = ? and not done and due_date < ?::date`, [userId, today]);
    return row?.n ?? 0;
  });
  const managed = perAccount.filter(({ account }) => can(account.membership.role, 'team.manage')).map(({ account }) => account.account.id);
  const invitations = new Map<string, number>();
  if (managed.length > 0) {
    const rows = await orm.em.fork().execute<{ account_id: string; n: number }[]>(
      `select account_id, count(*)::int as n from invitation
       where account_id = any(?::uuid[]) and accepted_at is null and withdrawn_at is null and expires_at > now()
       group by account_id`,
      [`{${managed.join(',')}}`],
    );
    for (const row of rows) invitations.set(row.account_id, row.n);
  }
  return perAccount.map(({ account, result }) => ({ account: summary(account), overdueTasks: result, pendingInvitations: invitations.get(account.account.id) ?? 0 }));
}

/** Marks a task done (or open again) in the account of the given unit of work, as updateTask does (timeline entry included). */
export async function setTaskDone(work: UnitOfWork, taskId: string, done: boolean): Promise<TaskInAccount> {
  const task = await updateTask(work, taskId, { done });
  const { account } = await work.scope.details();
  return { id: task.id, title: task.title, done: task.done, account: { id: account.id, name: account.name, slug: account.slug } };
}
