import { useMutation } from '@apollo/client/react';
import { DeleteTaskDocument, SetTaskDoneDocument, type TaskRowFragment } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/format';
import { useCurrentMembership } from '../../session/useCurrentMembership';
import { errorMessage } from '../../ui/errors';
import { paths } from '../../ui/paths';
import { FormError } from '../../ui/States';

/** Tasks with a tick box to mark them done; used on the tasks screen and on a record's page. */
export function TaskList({ tasks, showRecord = true }: { tasks: TaskRowFragment[]; showRecord?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug, can } = useCurrentMembership();
  const mayDelete = can('RECORDS_DELETE');
  const [setDone] = useMutation(SetTaskDoneDocument, { refetchQueries: ['Tasks', 'Person', 'Company'] });
  const [remove] = useMutation(DeleteTaskDocument, { refetchQueries: ['Tasks', 'Person', 'Company'] });
  const [error, setError] = useState<string>();
  const run = (work: Promise<unknown>) => {
    setError(undefined);
    work.catch((e: unknown) => setError(errorMessage(t, e)));
  };
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <FormError>{error}</FormError>
      <ul className="tasks" data-testid="task-list">
        {tasks.map((task) => (
          <li key={task.id} className={`task${task.done ? ' is-done' : ''}`} data-testid="task">
            <label className="task__check">
              <input type="checkbox" checked={task.done} onChange={(e) => run(setDone({ variables: { id: task.id, done: e.target.checked }, optimisticResponse: { updateTask: { ...task, done: e.target.checked } } }))} />
              <span className="task__title">{task.title}</span>
            </label>
            <span className={`task__due${!task.done && task.dueDate && task.dueDate < today ? ' is-overdue' : ''}`}>
              {task.dueDate ? format.date(task.dueDate) : ''}
            </span>
            <span className="muted">{task.assignee?.name ?? ''}</span>
            {showRecord && (
              <span>
                {task.person ? (
                  <Link to={paths.person(slug, task.person.id)}>
                    {task.person.firstName} {task.person.lastName}
                  </Link>
                ) : task.company ? (
                  <Link to={paths.company(slug, task.company.id)}>{task.company.name}</Link>
                ) : task.deal ? (
                  <Link to={paths.deals(slug)}>{task.deal.title}</Link>
                ) : null}
              </span>
            )}
            {mayDelete && (
              <button type="button" className="button button--quiet button--danger" aria-label={t('common.delete')} onClick={() => run(remove({ variables: { id: task.id } }))}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
