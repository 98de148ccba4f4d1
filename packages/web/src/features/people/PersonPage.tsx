import { useMutation, useQuery } from '@apollo/client/react';
import { DeletePersonDocument, PersonDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useFormat } from '../../i18n/format';
import { useCurrentMembership } from '../../session/useCurrentMembership';
import { errorMessage } from '../../ui/errors';
import { paths } from '../../ui/paths';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';
import { TagChips } from '../../ui/TagChips';
import { RecordFiles } from '../files/RecordFiles';
import { RecordNotes } from '../notes/RecordNotes';
import { NewTaskForm } from '../tasks/NewTaskForm';
import { TaskList } from '../tasks/TaskList';
import { Timeline } from '../timeline/Timeline';
import { CreatePersonDialog } from './CreatePersonDialog';
import { VcardButton } from '../exports/ExportDialog';
import { PrivacySection } from '../privacy/PrivacySection';
import { CustomValueFacts } from '../customfields/CustomValueFacts';

export default function PersonPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const { slug, can } = useCurrentMembership();
  const mayDelete = can('RECORDS_DELETE');
  const { data, loading, error, refetch } = useQuery(PersonDocument, { variables: { id } });
  const [remove, removing] = useMutation(DeletePersonDocument, { refetchQueries: ['People'] });
  const [deleteError, setDeleteError] = useState<string>();
  const [editing, setEditing] = useState(false);

  async function deletePerson() {
    if (!window.confirm(t('people.confirmDelete'))) return;
    try {
      await remove({ variables: { id } });
      navigate(paths.people(slug));
    } catch (e) {
      setDeleteError(errorMessage(t, e));
    }
  }

  return (
    <QueryStates
      data={data?.person}
      loading={loading}
      error={error}
      onRetry={refetch}
      notFound={
        <Empty title={t('people.notFound')}>
          <Link to={paths.people(slug)}>{t('people.back')}</Link>
        </Empty>
      }
    >
      {(person) => {
        const address = person.address && [person.address.street, [person.address.postalCode, person.address.city].filter(Boolean).join(' '), person.address.country].filter(Boolean).join(', ');
        return (
          <article data-testid="person">
            <p>
              <Link to={paths.people(slug)}>← {t('people.title')}</Link>
            </p>
            <div className="toolbar">
              <h1>
                {person.firstName} {person.lastName}
              </h1>
              <div className="toolbar__actions">
                <VcardButton personId={person.id} />
                <button type="button" className="button" onClick={() => setEditing(true)}>
                  {t('common.edit')}
                </button>
                {mayDelete && (
                <button type="button" className="button button--danger" disabled={removing.loading} onClick={() => void deletePerson()}>
                  {t('common.delete')}
                </button>
                )}
              </div>
            </div>
            {editing && <CreatePersonDialog open person={person} onClose={() => setEditing(false)} />}
            <FormError>{deleteError}</FormError>
            <dl className="facts">
              <dt>{t('people.position')}</dt>
              <dd>{person.position ?? '–'}</dd>
              <dt>{t('people.company')}</dt>
              <dd>{person.company ? <Link to={paths.company(slug, person.company.id)}>{person.company.name}</Link> : '–'}</dd>
              <dt>{t('people.email')}</dt>
              <dd>{person.emails.length ? person.emails.map((e) => <div key={e}><a href={`mailto:${e}`}>{e}</a></div>) : '–'}</dd>
              <dt>{t('people.phone')}</dt>
              <dd>{person.phones.length ? person.phones.join(', ') : '–'}</dd>
              {address && (
                <>
                  <dt>{t('people.address')}</dt>
                  <dd>{address}</dd>
                </>
              )}
              {person.birthday && (
                <>
                  <dt>{t('people.birthday')}</dt>
                  <dd>{format.date(person.birthday)}</dd>
                </>
              )}
              <dt>{t('people.tags')}</dt>
              <dd>{person.tags.length ? <TagChips tags={person.tags} /> : '–'}</dd>
              <CustomValueFacts recordType="PERSON" values={person.customFields} />
              <dt>{t('people.responsible')}</dt>
              <dd>{person.responsibleUser?.name ?? '–'}</dd>
              <dt>{t('common.created')}</dt>
              <dd>
                {format.dateTime(person.createdAt)}
                {person.createdBy && ` · ${person.createdBy.name}`}
              </dd>
            </dl>
            <h2>{t('tasks.title')}</h2>
            <NewTaskForm personId={person.id} />
            {person.tasks.length > 0 && <TaskList tasks={person.tasks} showRecord={false} />}
            <h2>{t('notes.title')}</h2>
            <RecordNotes notes={person.notes} personId={person.id} />
            <h2>{t('files.title')}</h2>
            <RecordFiles record={{ personId: person.id }} />
            <h2>{t('timeline.title')}</h2>
            <Timeline entries={person.timeline} />
            <PrivacySection person={person} onErased={() => navigate(paths.people(slug))} />
          </article>
        );
      }}
    </QueryStates>
  );
}
