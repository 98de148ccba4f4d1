import { useMutation, useQuery } from '@apollo/client/react';
import { RedeliverWebhookDeliveryDocument, WebhookDeliveriesDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';

/** How often the log asks again while it is open: deliveries change status on their own. */
const refreshMs = 3000;

/** A webhook's newest deliveries: status, HTTP status, duration, attempts, the next retry; "send again" for a failed one. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(WebhookDeliveriesDocument, { variables: { webhookId }, pollInterval: refreshMs });
  const [redeliver] = useMutation(RedeliverWebhookDeliveryDocument);
  const [redeliverError, setRedeliverError] = useState<string>();
  return (
    <div data-testid="webhook-deliveries">
      <h4>{t('integrations.deliveries.title')}</h4>
      <FormError>{redeliverError}</FormError>
      <QueryStates data={data} loading={loading} error={error} onRetry={refetch} keepWhileLoading isEmpty={(d) => d.webhookDeliveries.length === 0} empty={<Empty title={t('integrations.deliveries.empty')} />}>
        {(data) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('integrations.deliveries.event')}</th>
                <th>{t('integrations.deliveries.status')}</th>
                <th>{t('integrations.deliveries.response')}</th>
                <th>{t('integrations.deliveries.duration')}</th>
                <th>{t('integrations.deliveries.attempts')}</th>
                <th>{t('integrations.deliveries.nextRetry')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.webhookDeliveries.map((d) => (
                <tr key={d.id} data-testid="delivery" data-status={d.status}>
                  <td>
                    {t(`integrations.webhooks.eventNames.${d.event}`)}
                    <div className="muted">{format.dateTime(d.createdAt)}</div>
                  </td>
                  <td>{t(`integrations.deliveries.statuses.${d.status}`)}</td>
                  <td title={d.lastError ?? undefined}>{d.lastStatusCode ?? (d.lastError ? t('integrations.deliveries.noAnswer') : '–')}</td>
                  <td>{d.lastDurationMs != null ? t('integrations.deliveries.ms', { ms: format.number(d.lastDurationMs) }) : '–'}</td>
                  <td>{format.number(d.attempts)}</td>
                  <td className="muted">{d.status === 'PENDING' && d.attempts > 0 ? format.dateTime(d.nextAttemptAt) : '–'}</td>
                  <td>
                    {d.status === 'FAILED' && (
                      <button
                        type="button"
                        className="button button--quiet"
                        onClick={() => {
                          setRedeliverError(undefined);
                          void redeliver({ variables: { id: d.id } }).catch((e: unknown) => setRedeliverError(errorMessage(t, e)));
                        }}
                      >
                        {t('integrations.deliveries.redeliver')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryStates>
    </div>
  );
}
