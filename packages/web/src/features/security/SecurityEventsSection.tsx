import { useQuery } from '@apollo/client/react';
import { SecurityEventsDocument } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { QueryStates } from '../../ui/QueryStates';
import { Empty } from '../../ui/States';

/** What happened to the login's security, newest first (each was mailed too). */
export function SecurityEventsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const events = useQuery(SecurityEventsDocument, { fetchPolicy: 'cache-and-network' });
  return (
    <div data-testid="security-events">
      <QueryStates data={events.data?.securityEvents} loading={events.loading} error={events.error} onRetry={events.refetch}>
        {(list) =>
          list.length === 0 ? (
            <Empty title={t('securityEvents.none')} />
          ) : (
            <ul className="security-events">
              {list.map((e) => (
                <li key={e.id} data-testid="security-event">
                  <strong>{t(`securityEvents.kinds.${e.kind}`)}</strong> <span className="muted">{format.dateTime(e.occurredAt)}</span>
                  {(e.browser || e.os || e.clientAddress) && (
                    <span className="muted"> · {[e.browser, e.os, e.clientAddress].filter(Boolean).join(' · ')}</span>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryStates>
    </div>
  );
}
