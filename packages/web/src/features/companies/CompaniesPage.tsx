import { useQuery } from '@apollo/client/react';
import { CompaniesDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/format';
import { useCurrentMembership } from '../../session/useCurrentMembership';
import { LoadMore } from '../../ui/LoadMore';
import { paths } from '../../ui/paths';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, ProgressBar } from '../../ui/States';
import { TagChips } from '../../ui/TagChips';
import { ColumnPicker, CustomColumnCells, CustomColumnHeads, SortSelect, useListColumns } from '../customfields/ListColumns';
import { FilterChips, ListFilters } from '../customfields/ListFilters';
import { useListQuery } from '../customfields/useListQuery';
import type { CompanyOrder } from '@kontor/sdk';
import { CopyButton } from '../copy/CopyDialog';
import { SelectAllHead, SelectCell, useRowSelection } from '../copy/RowSelection';
import { ExportButton } from '../exports/ExportDialog';
import { CompanyDialog } from './CompanyDialog';

/** The list's orders, its default first. */
const orders: readonly CompanyOrder[] = ['NAME_ASC', 'NAME_DESC', 'CREATED_AT_DESC', 'CREATED_AT_ASC'];

export default function CompaniesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug } = useCurrentMembership();
  const list = useListQuery('COMPANY', orders);
  const { sorting } = list;
  const [creating, setCreating] = useState(false);
  const selection = useRowSelection();
  const columns = useListColumns(slug, 'COMPANY');
  const { data, loading, error, refetch, fetchMore } = useQuery(CompaniesDocument, {
    variables: { first: 50, filter: list.filter, orderBy: sorting.orderBy, orderByCustomField: sorting.sort },
    skip: !list.ready,
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
          <input className="search-input" type="search" placeholder={t('companies.search')} aria-label={t('companies.search')} value={list.text} onChange={(e) => list.setText(e.target.value)} />
          <ListFilters list={list} />
          <CopyButton selection={{ companyIds: selection.ids }} />
          <ExportButton list="COMPANIES" filter={{ companiesFilter: list.filter }} />
          <ColumnPicker columns={columns} />
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('companies.new')}
          </button>
        </div>
      </div>
      <FilterChips list={list} />
      <SortSelect orders={orders} fields={list.fields} sorting={sorting} />
      {loading && companies && <ProgressBar />}
      <QueryStates
        data={companies}
        loading={loading}
        error={error}
        onRetry={refetch}
        keepWhileLoading
        isEmpty={(found) => found.edges.length === 0}
        empty={<Empty title={list.narrowed ? t('companies.noMatch') : t('companies.empty')} />}
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
      <CompanyDialog open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}
