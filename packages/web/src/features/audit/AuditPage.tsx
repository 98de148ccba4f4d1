import { useQuery } from '@apollo/client/react';
import { AuditEventsDocument, MembersDocument, type AuditAction, type AuditEventFilter } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { useCurrentMembership } from '../../session/useCurrentMembership';
import { errorMessage } from '../../ui/errors';
import { LoadMore } from '../../ui/LoadMore';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';
import { downloadFailures as downloadWithToken } from '../imports/upload-import';
import { describeChanges } from './describe-changes';

export const auditActions: AuditAction[] = [
  'ACCOUNT_OPENED',
  'MEMBER_ROLE_CHANGED',
  'MEMBER_INVITED',
  'INVITATION_WITHDRAWN',
  'MEMBER_DEACTIVATED',
  'MEMBER_REACTIVATED',
  'OWNERSHIP_TRANSFERRED',
  'PLAN_CHANGED',
  'BILLING_DETAILS_CHANGED',
  'API_KEY_CREATED',
  'API_KEY_REVOKED',
  'WEBHOOK_CREATED',
  'WEBHOOK_CHANGED',
  'WEBHOOK_DELETED',
  'IMPORT_STARTED',
  'RECORDS_DELETED',
];

interface Filters {
  action: string;
  actorUserId: string;
  from: string;
  to: string;
}

/** The filter as the API takes it: days in the browser's time zone, "to" including its whole day. */
function filterOf({ action, actorUserId, from, to }: Filters): AuditEventFilter {
  const dayAfter = (day: string) => {
    const date = new Date(`${day}T00:00:00`);
    date.setDate(date.getDate() + 1);
    return date.toISOString();
  };
  return {
    ...(action ? { actions: [action as AuditAction] } : {}),
    ...(actorUserId ? { actorUserId } : {}),
    ...(from ? { from: new Date(`${from}T00:00:00`).toISOString() } : {}),
    ...(to ? { to: dayAfter(to) } : {}),
  };
}

/** Who did what in this account (owners and co-owners): filter by action, person and days; export as CSV. */
export default function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug } = useCurrentMembership();
  const [filters, setFilters] = useState<Filters>({ action: '', actorUserId: '', from: '', to: '' });
  const [exportError, setExportError] = useState<string>();
  const filter = filterOf(filters);
  const { data, loading, error, refetch, fetchMore } = useQuery(AuditEventsDocument, { variables: { first: 50, filter }, notifyOnNetworkStatusChange: true });
  const members = useQuery(MembersDocument);
  const set = (key: keyof Filters) => (value: string) => setFilters((now) => ({ ...now, [key]: value }));

  const exportCsv = () => {
    setExportError(undefined);
    const query = new URLSearchParams({
      ...(filter.actions ? { actions: filter.actions.join(',') } : {}),
      ...(filter.actorUserId ? { actorUserId: filter.actorUserId } : {}),
      ...(filter.from ? { from: String(filter.from) } : {}),
      ...(filter.to ? { to: String(filter.to) } : {}),
    });
    downloadWithToken(`/audit/events.csv?${query}`, `${slug}-audit.csv`).catch((e: unknown) => setExportError(errorMessage(t, e)));
  };

  return (
    <section data-testid="audit">
      <div className="toolbar">
        <h1>{t('audit.title')}</h1>
        <button type="button" className="button" onClick={exportCsv}>
          {t('audit.export')}
        </button>
      </div>
      <p className="muted">{t('audit.retention')}</p>
      <FormError>{exportError}</FormError>
      <div className="audit-filters" role="group" aria-label={t('audit.filters')}>
        <label>
          {t('audit.action')}
          <select value={filters.action} onChange={(e) => set('action')(e.target.value)}>
            <option value="">{t('audit.all')}</option>
            {auditActions.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actions.${action}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.actor')}
          <select value={filters.actorUserId} onChange={(e) => set('actorUserId')(e.target.value)}>
            <option value="">{t('audit.everyone')}</option>
            {(members.data?.members ?? []).map((member) => (
              <option key={member.id} value={member.userId}>
                {member.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.from')}
          <input type="date" value={filters.from} onChange={(e) => set('from')(e.target.value)} />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" value={filters.to} onChange={(e) => set('to')(e.target.value)} />
        </label>
      </div>
      <QueryStates
        data={data?.auditEvents}
        loading={loading}
        error={error}
        onRetry={refetch}
        keepWhileLoading
        isEmpty={(page) => page.edges.length === 0}
        empty={<Empty title={t('audit.none')} />}
      >
        {(page) => (
          <>
            <table className="table" data-testid="audit-events">
              <caption className="visually-hidden">{t('audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.time')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.address')}</th>
                  <th scope="col">{t('audit.target')}</th>
                  <th scope="col">{t('audit.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node }) => (
                  <tr key={node.id} data-testid="audit-event">
                    <td>{format.dateTime(node.occurredAt)}</td>
                    <td>{t(`audit.actions.${node.action}`)}</td>
                    <td>
                      {node.actor.name}
                      {node.actor.kind === 'API_KEY' && <span className="badge">{t('audit.apiKey')}</span>}
                    </td>
                    <td>{node.clientAddress ?? ''}</td>
                    <td>{node.targetLabel ?? (node.targetType ? t('audit.records', { kind: node.targetType }) : '')}</td>
                    <td className="audit-changes">{describeChanges(node.changes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{t('audit.count', { count: page.totalCount })}</p>
            <LoadMore hasMore={page.pageInfo.hasNextPage} onLoad={() => fetchMore({ variables: { after: page.pageInfo.endCursor } })} />
          </>
        )}
      </QueryStates>
    </section>
  );
}
