import { useMutation, useQuery } from '@apollo/client/react';
import { DealsDocument, MoveDealDocument, PipelinesDocument, type DealCardFragment, type DealOrder, type PipelinesQuery } from '@kontor/sdk';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { LoadMore } from '../../ui/LoadMore';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError, ProgressBar } from '../../ui/States';
import { CreateDealDialog } from './CreateDealDialog';
import { EditDealDialog } from './EditDealDialog';
import { ExportButton } from '../exports/ExportDialog';
import { ColumnPicker, CustomColumnCells, CustomColumnHeads, SortSelect, useListColumns } from '../customfields/ListColumns';
import { FilterChips, ListFilters } from '../customfields/ListFilters';
import { useListQuery, type ListQuery } from '../customfields/useListQuery';
import { useCurrentMembership } from '../../session/useCurrentMembership';

/** The list's orders, its default first. */
const orders: readonly DealOrder[] = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'TITLE_ASC', 'VALUE_DESC'];

type Pipeline = PipelinesQuery['pipelines'][number];

/** Deals of one pipeline, as a board by phase (drag a card to move it, click it to edit it) or as a list. */
export default function DealsPage() {
  const { t } = useTranslation();
  const pipelines = useQuery(PipelinesDocument);
  const [pipelineId, setPipelineId] = useState<string>();
  const [view, setView] = useState<'board' | 'list'>('board');
  const [creating, setCreating] = useState(false);
  const [editingId, setEditingId] = useState<string>();
  const { slug } = useCurrentMembership();
  const list = useListQuery('DEAL', orders);
  const columns = useListColumns(slug, 'DEAL');

  return (
    <QueryStates
      data={pipelines.data?.pipelines}
      loading={pipelines.loading}
      error={pipelines.error}
      onRetry={pipelines.refetch}
      isEmpty={(all) => all.length === 0}
      empty={<Empty title={t('deals.noPipeline')} />}
    >
      {(all) => {
        // Not empty (isEmpty above): there is a first pipeline.
        const pipeline = all.find((p) => p.id === pipelineId) ?? all[0]!;
        return (
          <section data-testid="deals">
            <div className="toolbar">
              <h1>{t('deals.title')}</h1>
              <div className="toolbar__actions">
                {all.length > 1 && (
                  <select aria-label={t('deals.pipeline')} value={pipeline.id} onChange={(e) => setPipelineId(e.target.value)}>
                    {all.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                )}
                <ListFilters list={list} />
                <ExportButton list="DEALS" filter={{ dealsFilter: { ...list.filter, pipelineId: pipeline.id } }} />
                {view === 'list' && <ColumnPicker columns={columns} />}
                <div className="segmented" role="group" aria-label={t('deals.view')}>
                  <button type="button" className={view === 'board' ? 'is-active' : ''} aria-pressed={view === 'board'} onClick={() => setView('board')}>
                    {t('deals.board')}
                  </button>
                  <button type="button" className={view === 'list' ? 'is-active' : ''} aria-pressed={view === 'list'} onClick={() => setView('list')}>
                    {t('deals.list')}
                  </button>
                </div>
                <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
                  {t('deals.new')}
                </button>
              </div>
            </div>
            <FilterChips list={list} />
            {view === 'list' && <SortSelect orders={orders} fields={list.fields} sorting={list.sorting} />}
            <PipelineDeals pipeline={pipeline} view={view} list={list} columns={columns} onOpen={setEditingId} />
            <CreateDealDialog open={creating} pipeline={pipeline} onClose={() => setCreating(false)} />
            <EditDealDialog dealId={editingId} onClose={() => setEditingId(undefined)} />
          </section>
        );
      }}
    </QueryStates>
  );
}

/** Opens a deal for editing. */
type OnOpen = (dealId: string) => void;

type Columns = ReturnType<typeof useListColumns>;

function PipelineDeals({ pipeline, view, list, columns, onOpen }: { pipeline: Pipeline; view: 'board' | 'list'; list: ListQuery; columns: Columns; onOpen: OnOpen }) {
  const { t } = useTranslation();
  // The board keeps its own order (newest first within each phase); the list takes the one chosen.
  const { sorting } = list;
  const ordered = view === 'list' ? { orderBy: sorting.orderBy as DealOrder | undefined, orderByCustomField: sorting.sort } : {};
  const { data, loading, error, refetch, fetchMore } = useQuery(DealsDocument, {
    variables: { first: 100, filter: { ...list.filter, pipelineId: pipeline.id }, ...ordered },
    skip: !list.ready,
    notifyOnNetworkStatusChange: true,
  });
  return (
    <QueryStates data={data} loading={loading} error={error} onRetry={refetch} keepWhileLoading>
      {(data) => {
        const deals = data.deals.edges.map((e) => e.node);
        return (
          <>
            {loading && <ProgressBar />}
            {deals.length === 0 && <Empty title={list.narrowed ? t('deals.noMatch') : t('deals.empty')} />}
            {view === 'board' ? <Board pipeline={pipeline} deals={deals} onOpen={onOpen} /> : deals.length > 0 && <DealList deals={deals} columns={columns} sorting={list.sorting} onOpen={onOpen} />}
            <LoadMore hasMore={data.deals.pageInfo.hasNextPage} onLoad={() => fetchMore({ variables: { after: data.deals.pageInfo.endCursor } })} />
          </>
        );
      }}
    </QueryStates>
  );
}

function Board({ pipeline, deals, onOpen }: { pipeline: Pipeline; deals: DealCardFragment[]; onOpen: OnOpen }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [move] = useMutation(MoveDealDocument);
  const [over, setOver] = useState<string>();
  const [moveError, setMoveError] = useState<string>();
  const phases = [...pipeline.phases].sort((a, b) => a.position - b.position);

  async function moveTo(deal: DealCardFragment, phaseId: string) {
    const phase = phases.find((p) => p.id === phaseId);
    if (!phase || deal.phase.id === phaseId) return;
    setMoveError(undefined);
    try {
      await move({
        variables: { id: deal.id, phaseId },
        optimisticResponse: { moveDeal: { ...deal, phase: { ...deal.phase, id: phase.id, name: phase.name } } },
      });
    } catch (error) {
      setMoveError(errorMessage(t, error));
    }
  }

  const drop = (phaseId: string) => (event: DragEvent) => {
    event.preventDefault();
    setOver(undefined);
    const deal = deals.find((d) => d.id === event.dataTransfer.getData('text/x-kontor-deal'));
    if (deal) void moveTo(deal, phaseId);
  };

  return (
    <>
      <FormError>{moveError}</FormError>
      <div className="board" data-testid="deal-board">
        {phases.map((phase) => {
          const inPhase = deals.filter((d) => d.phase.id === phase.id);
          const total = inPhase.reduce((sum, d) => sum + d.value.amountCents, 0);
          return (
            <div
              key={phase.id}
              className={`board__column${over === phase.id ? ' is-over' : ''}`}
              data-testid={`phase-${phase.name}`}
              onDragOver={(e) => {
                e.preventDefault();
                setOver(phase.id);
              }}
              onDragLeave={() => setOver(undefined)}
              onDrop={drop(phase.id)}
            >
              <h2 className="board__phase">
                {phase.name} <span className="badge">{inPhase.length}</span>
              </h2>
              <p className="board__total muted">{format.money(total, inPhase[0]?.value.currency)}</p>
              {inPhase.map((deal) => (
                <div
                  key={deal.id}
                  className="deal-card"
                  draggable
                  data-testid="deal-card"
                  onDragStart={(e) => {
                    e.dataTransfer.setData('text/x-kontor-deal', deal.id);
                    e.dataTransfer.effectAllowed = 'move';
                  }}
                  onClick={(e) => {
                    // A drag ends without a click; the phase picker on the card is not a click on the card.
                    if (!(e.target as Element).closest('.deal-card__move')) onOpen(deal.id);
                  }}
                >
                  <button type="button" className="deal-card__title">
                    {deal.title}
                  </button>
                  <div className="muted">
                    {format.money(deal.value.amountCents, deal.value.currency)} · {format.number(deal.probability)} %
                  </div>
                  {deal.company && <div className="muted">{deal.company.name}</div>}
                  <label className="deal-card__move">
                    <span className="visually-hidden">{t('deals.moveTo')}</span>
                    <select value={deal.phase.id} onChange={(e) => void moveTo(deal, e.target.value)} aria-label={t('deals.moveTo')}>
                      {phases.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </>
  );
}

function DealList({ deals, columns, sorting, onOpen }: { deals: DealCardFragment[]; columns: Columns; sorting: ListQuery['sorting']; onOpen: OnOpen }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="table table--cards" data-testid="deal-list">
      <thead>
        <tr>
          <th>{t('deals.dealTitle')}</th>
          <th>{t('people.company')}</th>
          <th>{t('deals.phase')}</th>
          <th>{t('deals.value')}</th>
          <th>{t('deals.probability')}</th>
          <th>{t('deals.status')}</th>
          <CustomColumnHeads columns={columns} sorting={sorting} />
        </tr>
      </thead>
      <tbody>
        {deals.map((deal) => (
          <tr key={deal.id}>
            <td>
              <button type="button" className="link-button" onClick={() => onOpen(deal.id)}>
                {deal.title}
              </button>
            </td>
            <td data-label={t('people.company')}>{deal.company?.name ?? <span className="muted">–</span>}</td>
            <td data-label={t('deals.phase')}>{deal.phase.name}</td>
            <td data-label={t('deals.value')}>{format.money(deal.value.amountCents, deal.value.currency)}</td>
            <td data-label={t('deals.probability')}>{format.number(deal.probability)} %</td>
            <td data-label={t('deals.status')}>{t(`deals.statuses.${deal.status}`)}</td>
            <CustomColumnCells columns={columns} values={deal.customFields} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
