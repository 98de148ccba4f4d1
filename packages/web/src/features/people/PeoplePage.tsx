import { useQuery } from '@apollo/client/react';
import { PeopleDocument } from '@kontor/sdk';
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
import { ExportButton } from '../exports/ExportDialog';
import { CopyButton } from '../copy/CopyDialog';
import { SelectAllHead, SelectCell, useRowSelection } from '../copy/RowSelection';
import { CreatePersonDialog } from './CreatePersonDialog';
import { ColumnPicker, CustomColumnCells, CustomColumnHeads, SortSelect, useListColumns } from '../customfields/ListColumns';
import { FilterChips, ListFilters } from '../customfields/ListFilters';
import { useListQuery } from '../customfields/useListQuery';
import type { PersonOrder } from '@kontor/sdk';

export const pageSize = 50;

/** The list's orders, its default first. */
const orders: readonly PersonOrder[] = ['NAME_ASC', 'NAME_DESC', 'CREATED_AT_DESC', 'CREATED_AT_ASC', 'UPDATED_AT_DESC'];

/** The account's people: search, a page at a time, and "new person". */
export default function PeoplePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug } = useCurrentMembership();
  const list = useListQuery('PERSON', orders);
  const { sorting } = list;
  const [creating, setCreating] = useState(false);
  const selection = useRowSelection();
  const columns = useListColumns(slug, 'PERSON');
  const { data, loading, error, refetch, fetchMore } = useQuery(PeopleDocument, {
    variables: { first: pageSize, filter: list.filter, orderBy: sorting.orderBy, orderByCustomField: sorting.sort },
    skip: !list.ready,
    notifyOnNetworkStatusChange: true,
  });
  const people = data?.people;

  return (
    <section data-testid="people">
      <div className="toolbar">
        <h1>
          {t('people.title')} {people && <span className="badge" data-testid="people-count">{format.number(people.totalCount)}</span>}
        </h1>
        <div className="toolbar__actions">
          <input className="search-input" type="search" placeholder={t('people.search')} aria-label={t('people.search')} value={list.text} onChange={(e) => list.setText(e.target.value)} />
          <ListFilters list={list} />
          <CopyButton selection={{ personIds: selection.ids }} />
          <ExportButton list="PEOPLE" filter={{ peopleFilter: list.filter }} />
          <ColumnPicker columns={columns} />
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('people.new')}
          </button>
        </div>
      </div>
      <FilterChips list={list} />
      <SortSelect orders={orders} fields={list.fields} sorting={sorting} />
      {loading && people && <ProgressBar />}
      <QueryStates
        data={people}
        loading={loading}
        error={error}
        onRetry={refetch}
        keepWhileLoading
        isEmpty={(found) => found.edges.length === 0}
        empty={
          <Empty title={list.narrowed ? t('people.noMatch') : t('people.empty')}>
            {!list.narrowed && (
              <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
                {t('people.new')}
              </button>
            )}
          </Empty>
        }
      >
        {(people) => (
          <>
            <table className="table table--cards" data-testid="people-list">
              <thead>
                <tr>
                  <SelectAllHead selection={selection} ids={people.edges.map(({ node }) => node.id)} />
                  <th>{t('people.name')}</th>
                  <th>{t('people.company')}</th>
                  <th>{t('people.email')}</th>
                  <th>{t('people.tags')}</th>
                  <CustomColumnHeads columns={columns} sorting={sorting} />
                </tr>
              </thead>
              <tbody>
                {people.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <SelectCell selection={selection} id={node.id} name={`${node.firstName} ${node.lastName}`.trim()} />
                    <td>
                      <Link to={paths.person(slug, node.id)} className="person-name">
                        {node.firstName} {node.lastName}
                      </Link>
                      {node.position && <div className="muted">{node.position}</div>}
                    </td>
                    <td data-label={t('people.company')}>{node.company ? <Link to={paths.company(slug, node.company.id)}>{node.company.name}</Link> : <span className="muted">–</span>}</td>
                    <td data-label={t('people.email')}>{node.emails[0] ?? <span className="muted">–</span>}</td>
                    <td data-label={t('people.tags')}>
                      <TagChips tags={node.tags} />
                    </td>
                    <CustomColumnCells columns={columns} values={node.customFields} />
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore hasMore={people.pageInfo.hasNextPage} onLoad={() => fetchMore({ variables: { after: people.pageInfo.endCursor } })} />
          </>
        )}
      </QueryStates>
      <CreatePersonDialog open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}
