import { useMutation, useQuery } from '@apollo/client/react';
import { CompaniesDocument, CreateCompanyDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/format';
import { useCurrentMembership } from '../../session/useCurrentMembership';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { LoadMore } from '../../ui/LoadMore';
import { paths } from '../../ui/paths';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError, ProgressBar } from '../../ui/States';
import { TagChips } from '../../ui/TagChips';
import { useDebounced } from '../../ui/useDebounced';
import { ColumnPicker, CustomColumnCells, CustomColumnHeads, useCustomSort, useListColumns } from '../customfields/ListColumns';
import { CustomValueInputs } from '../customfields/CustomValueInputs';
import { useCustomValuesForm } from '../customfields/useCustomValuesForm';
import { useFieldErrors } from '../auth/useFieldErrors';
import { ExportButton } from '../exports/ExportDialog';
import { CopyButton } from '../copy/CopyDialog';
import { SelectAllHead, SelectCell, useRowSelection } from '../copy/RowSelection';

export default function CompaniesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug } = useCurrentMembership();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim());
  const [creating, setCreating] = useState(false);
  const selection = useRowSelection();
  const columns = useListColumns(slug, 'COMPANY');
  const sorting = useCustomSort();
  const { data, loading, error, refetch, fetchMore } = useQuery(CompaniesDocument, {
    variables: { first: 50, filter: query ? { text: query } : undefined, orderByCustomField: sorting.sort },
    notifyOnNetworkStatusChange: true,
  });
  const companies = data?.companies;

  return (
    <section data-testid="companies">
      <div className="toolbar">
        <h1>
          {t('companies.title')} {companies && <span className="badge">{format.number(companies.totalCount)}</span>}
        </h1>
        <div className="toolbar__actions">
          <input className="search-input" type="search" placeholder={t('companies.search')} aria-label={t('companies.search')} value={text} onChange={(e) => setText(e.target.value)} />
          <CopyButton selection={{ companyIds: selection.ids }} />
          <ExportButton list="COMPANIES" filter={{ companiesFilter: query ? { text: query } : undefined }} />
          <ColumnPicker columns={columns} />
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('companies.new')}
          </button>
        </div>
      </div>
      {loading && companies && <ProgressBar />}
      <QueryStates
        data={companies}
        loading={loading}
        error={error}
        onRetry={refetch}
        keepWhileLoading
        isEmpty={(found) => found.edges.length === 0}
        empty={<Empty title={query ? t('companies.noMatch') : t('companies.empty')} />}
      >
        {(companies) => (
          <>
            <table className="table table--cards" data-testid="companies-list">
              <thead>
                <tr>
                  <SelectAllHead selection={selection} ids={companies.edges.map(({ node }) => node.id)} />
                  <th>{t('companies.name')}</th>
                  <th>{t('companies.website')}</th>
                  <th>{t('people.email')}</th>
                  <th>{t('people.tags')}</th>
                  <CustomColumnHeads columns={columns} sorting={sorting} />
                </tr>
              </thead>
              <tbody>
                {companies.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <SelectCell selection={selection} id={node.id} name={node.name} />
                    <td>
                      <Link to={paths.company(slug, node.id)}>{node.name}</Link>
                    </td>
                    <td data-label={t('companies.website')}>{node.website ?? <span className="muted">–</span>}</td>
                    <td data-label={t('people.email')}>{node.emails[0] ?? <span className="muted">–</span>}</td>
                    <td data-label={t('people.tags')}>
                      <TagChips tags={node.tags} />
                    </td>
                    <CustomColumnCells columns={columns} values={node.customFields} />
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore hasMore={companies.pageInfo.hasNextPage} onLoad={() => fetchMore({ variables: { after: companies.pageInfo.endCursor } })} />
          </>
        )}
      </QueryStates>
      <CreateCompanyDialog open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}

function CreateCompanyDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [website, setWebsite] = useState('');
  const [create, { loading }] = useMutation(CreateCompanyDocument, { refetchQueries: ['Companies', 'CompanyChoices'] });
  const errors = useFieldErrors(['name', 'website'] as const);
  const custom = useCustomValuesForm('COMPANY', undefined, !open);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      const customFields = custom.inputs();
      await create({ variables: { input: { name, website: website || undefined, ...(customFields.length > 0 ? { customFields } : {}) } } });
      setName('');
      setWebsite('');
      custom.reset();
      onClose();
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <Dialog open={open} title={t('companies.new')} onClose={onClose}>
      {loading && <ProgressBar />}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormError>{errors.formError}</FormError>
        <Field label={t('companies.name')} name="name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} error={errors.fieldErrors.name} />
        <Field label={t('companies.website')} name="website" value={website} onChange={(e) => setWebsite(e.target.value)} error={errors.fieldErrors.website} />
        <CustomValueInputs fields={custom.definitions} values={custom.values} onChange={custom.setValues} />
        <DialogActions submitLabel={t('common.create')} onCancel={onClose} disabled={loading} />
      </form>
    </Dialog>
  );
}
