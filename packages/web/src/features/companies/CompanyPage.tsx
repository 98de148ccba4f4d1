import { useMutation, useQuery } from '@apollo/client/react';
import { CompanyDocument, DeleteCompanyDocument } from '@kontor/sdk';
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
import { CustomValueFacts } from '../customfields/CustomValueFacts';
import { CompanyDialog } from './CompanyDialog';

/** `Company.people` gives at most this many (its `first`, 100 by default). */
const companyPeoplePage = 100;

export default function CompanyPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const { slug, can } = useCurrentMembership();
  const mayDelete = can('RECORDS_DELETE');
  const { data, loading, error, refetch } = useQuery(CompanyDocument, { variables: { id } });
  const [remove, removing] = useMutation(DeleteCompanyDocument, { refetchQueries: ['Companies', 'CompanyChoices'] });
  const [deleteError, setDeleteError] = useState<string>();
  const [editing, setEditing] = useState(false);

  async function deleteCompany() {
    if (!window.confirm(t('companies.confirmDelete'))) return;
    try {
      await remove({ variables: { id } });
      navigate(paths.companies(slug));
    } catch (e) {
      setDeleteError(errorMessage(t, e));
    }
  }

  return (
    <QueryStates
      data={data?.company}
      loading={loading}
      error={error}
      onRetry={refetch}
      notFound={
        <Empty title={t('companies.notFound')}>
          <Link to={paths.companies(slug)}>{t('companies.back')}</Link>
        </Empty>
      }
    >
      {(company) => (
        <article data-testid="company">
          <p>
            <Link to={paths.companies(slug)}>← {t('companies.title')}</Link>
          </p>
          <div className="toolbar">
            <h1>{company.name}</h1>
            <div className="toolbar__actions">
              <button type="button" className="button" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </button>
              {mayDelete && (
                <button type="button" className="button button--danger" disabled={removing.loading} onClick={() => void deleteCompany()}>
                  {t('common.delete')}
                </button>
              )}
            </div>
          </div>
          {editing && <CompanyDialog open company={company} onClose={() => setEditing(false)} />}
          <FormError>{deleteError}</FormError>
          <dl className="facts">
            <dt>{t('companies.website')}</dt>
            <dd>{company.website ?? '–'}</dd>
            <dt>{t('people.email')}</dt>
            <dd>{company.emails.join(', ') || '–'}</dd>
            <dt>{t('people.phone')}</dt>
            <dd>{company.phones.join(', ') || '–'}</dd>
            <dt>{t('people.tags')}</dt>
            <dd>{company.tags.length ? <TagChips tags={company.tags} /> : '–'}</dd>
            <CustomValueFacts recordType="COMPANY" values={company.customFields} />
            <dt>{t('common.created')}</dt>
            <dd>{format.dateTime(company.createdAt)}</dd>
          </dl>
          <h2>{t('companies.people')}</h2>
          {company.people.length === 0 ? (
            <Empty title={t('companies.noPeople')} />
          ) : (
            <ul className="plain-list">
              {company.people.map((p) => (
                <li key={p.id}>
                  <Link to={paths.person(slug, p.id)}>
                    {p.firstName} {p.lastName}
                  </Link>
                  {p.position && <span className="muted"> · {p.position}</span>}
                </li>
              ))}
            </ul>
          )}
          {company.people.length >= companyPeoplePage && <p className="muted">{t('companies.firstPeopleOnly', { count: companyPeoplePage })}</p>}
          <h2>{t('tasks.title')}</h2>
          <NewTaskForm companyId={company.id} />
          {company.tasks.length > 0 && <TaskList tasks={company.tasks} showRecord={false} />}
          <h2>{t('notes.title')}</h2>
          <RecordNotes notes={company.notes} companyId={company.id} />
          <h2>{t('files.title')}</h2>
          <RecordFiles record={{ companyId: company.id }} />
          <h2>{t('timeline.title')}</h2>
          <Timeline entries={company.timeline} />
        </article>
      )}
    </QueryStates>
  );
}
