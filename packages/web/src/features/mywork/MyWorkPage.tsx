import { useMutation, useQuery } from '@apollo/client/react';
import { MyWorkDocument, SetTaskDoneInAccountDocument, type MyWorkQuery } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { paths } from '../../ui/paths';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';
import { localDay } from './local-day';
import { CalendarFeedPanel } from '../calendar/CalendarFeedPanel';

type MyTask = MyWorkQuery['myWork'][number];
const groups = ['OVERDUE', 'TODAY', 'THIS_WEEK'] as const;

/** Where a task's record opens: in its own account, so following the link switches this tab there in place. */
function subjectPath(task: MyTask): string | null {
  const { subject, account } = task;
  if (!subject) return null;
  if (subject.kind === 'PERSON') return paths.person(account.slug, subject.id);
  if (subject.kind === 'COMPANY') return paths.company(account.slug, subject.id);
  return paths.deals(account.slug);
}

/** My open tasks, overdue, today and this week, from every account I work in; ticking one off needs no switch. */
export default function MyWorkPage() {
  const { t } = useTranslation();
  const today = localDay();
  const { data, loading, error, refetch } = useQuery(MyWorkDocument, { variables: { today }, fetchPolicy: 'cache-and-network' });
  return (
    <section className="my-work" data-testid="my-work">
      <h1>{t('across.myWork.title')}</h1>
      <p className="muted">{t('across.myWork.intro')}</p>
      <QueryStates
        data={data?.myWork}
        loading={loading}
        error={error}
        onRetry={refetch}
        keepWhileLoading
        isEmpty={(tasks) => tasks.length === 0}
        empty={<Empty title={t('across.myWork.none')} />}
      >
        {(tasks) => (
          <>
            {groups.map((due) => {
              const inGroup = tasks.filter((task) => task.due === due);
              return inGroup.length === 0 ? null : (
                <section key={due} className="my-work__group" aria-labelledby={`my-work-${due}`}>
                  <h2 id={`my-work-${due}`}>
                    {t(`across.myWork.due.${due}`)} <span className="badge">{inGroup.length}</span>
                  </h2>
                  <MyTaskList tasks={inGroup} />
                </section>
              );
            })}
          </>
        )}
      </QueryStates>
      <CalendarFeedPanel />
    </section>
  );
}

function MyTaskList({ tasks }: { tasks: MyTask[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [setDone] = useMutation(SetTaskDoneInAccountDocument, { refetchQueries: ['MyWork', 'AccountBadges'] });
  const [error, setError] = useState<string>();
  // Ticked at once; the task leaves the list when the refetched list comes (or is unticked again if the server refused).
  const [completing, setCompleting] = useState<ReadonlySet<string>>(new Set());
  const mark = (taskId: string, on: boolean) =>
    setCompleting((now) => {
      const next = new Set(now);
      if (on) next.add(taskId);
      else next.delete(taskId);
      return next;
    });
  const complete = (task: MyTask) => {
    setError(undefined);
    mark(task.id, true);
    setDone({ variables: { accountId: task.account.id, taskId: task.id, done: true } }).catch((e: unknown) => {
      mark(task.id, false);
      setError(errorMessage(t, e));
    });
  };
  return (
    <>
      <FormError>{error}</FormError>
      <ul className="tasks" data-testid="my-work-tasks">
        {tasks.map((task) => {
          const record = subjectPath(task);
          return (
            <li key={`${task.account.id}:${task.id}`} className="task" data-testid="my-work-task">
              <label className="task__check">
                <input type="checkbox" checked={completing.has(task.id)} disabled={completing.has(task.id)} onChange={() => complete(task)} aria-label={t('across.myWork.markDone', { title: task.title })} />
                <span className="task__title">{task.title}</span>
              </label>
              <span className={`task__due${task.due === 'OVERDUE' ? ' is-overdue' : ''}`}>{format.date(task.dueDate)}</span>
              <span className="badge" data-testid="my-work-account">
                {task.account.name}
              </span>
              <span>{record && task.subject ? <Link to={record}>{task.subject.name}</Link> : null}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
