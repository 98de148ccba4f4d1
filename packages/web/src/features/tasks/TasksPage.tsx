import { useQuery } from '@apollo/client/react';
import { TasksDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '../../ui/LoadMore';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, ProgressBar } from '../../ui/States';
import { NewTaskForm } from './NewTaskForm';
import { TaskList } from './TaskList';
import { ExportButton } from '../exports/ExportDialog';

/** The account's tasks, open ones by due date, or the done ones. */
export default function TasksPage() {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(TasksDocument, { variables: { first: 50, filter: { done } }, notifyOnNetworkStatusChange: true });
  const tasks = data?.tasks;
  return (
    <section data-testid="tasks">
      <div className="toolbar">
        <h1>{t('tasks.title')}</h1>
        <ExportButton list="TASKS" filter={{ tasksFilter: { done } }} />
        <div className="segmented" role="group" aria-label={t('tasks.show')}>
          <button type="button" className={!done ? 'is-active' : ''} aria-pressed={!done} onClick={() => setDone(false)}>
            {t('tasks.open')}
          </button>
          <button type="button" className={done ? 'is-active' : ''} aria-pressed={done} onClick={() => setDone(true)}>
            {t('tasks.done')}
          </button>
        </div>
      </div>
      <NewTaskForm />
      {loading && tasks && <ProgressBar />}
      <QueryStates
        data={tasks}
        loading={loading}
        error={error}
        onRetry={refetch}
        keepWhileLoading
        isEmpty={(found) => found.edges.length === 0}
        empty={<Empty title={done ? t('tasks.noneDone') : t('tasks.noneOpen')} />}
      >
        {(tasks) => (
          <>
            <TaskList tasks={tasks.edges.map((e) => e.node)} />
            <LoadMore hasMore={tasks.pageInfo.hasNextPage} onLoad={() => fetchMore({ variables: { after: tasks.pageInfo.endCursor } })} />
          </>
        )}
      </QueryStates>
    </section>
  );
}
