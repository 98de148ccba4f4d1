import { useMutation, useQuery } from '@apollo/client/react';
import { EndOtherSessionsDocument, EndSessionDocument, SessionsDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { QueryStates } from '../../ui/QueryStates';
import { FormError } from '../../ui/States';

/** "Where you are logged in": each session with its browser, system and coarse address; end one, or all others. */
export function SessionsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const sessions = useQuery(SessionsDocument, { fetchPolicy: 'cache-and-network' });
  const refetch = { refetchQueries: [{ query: SessionsDocument }], awaitRefetchQueries: true };
  const [endOne] = useMutation(EndSessionDocument, refetch);
  const [endOthers, endingOthers] = useMutation(EndOtherSessionsDocument, refetch);
  const [error, setError] = useState<string>();
  const run = (action: () => Promise<unknown>) => {
    setError(undefined);
    action().catch((caught: unknown) => setError(errorMessage(t, caught)));
  };
  return (
    <div data-testid="sessions">
      <FormError>{error}</FormError>
      <QueryStates data={sessions.data?.sessions} loading={sessions.loading} error={sessions.error} onRetry={sessions.refetch}>
        {(list) => (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th>{t('sessions.device')}</th>
                  <th>{t('sessions.address')}</th>
                  <th>{t('sessions.since')}</th>
                  <th>{t('sessions.lastUsed')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id} data-testid="session">
                    <td>
                      {[s.browser, s.os].filter(Boolean).join(' · ') || t('sessions.unknownDevice')}
                      {s.current && (
                        <>
                          {' '}
                          <span className="badge">{t('sessions.current')}</span>
                        </>
                      )}
                    </td>
                    <td className="muted">{s.clientAddress ?? '–'}</td>
                    <td className="muted">{format.dateTime(s.createdAt)}</td>
                    <td className="muted">{format.dateTime(s.lastUsedAt)}</td>
                    <td className="actions">
                      {!s.current && (
                        <button type="button" className="button button--danger" onClick={() => run(() => endOne({ variables: { id: s.id } }))}>
                          {t('sessions.end')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {list.length > 1 && (
              <button type="button" className="button" disabled={endingOthers.loading} onClick={() => run(() => endOthers())}>
                {t('sessions.endOthers')}
              </button>
            )}
          </>
        )}
      </QueryStates>
    </div>
  );
}
