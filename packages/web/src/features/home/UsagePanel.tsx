import { useQuery } from '@apollo/client/react';
import { UsageDocument } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { QueryStates } from '../../ui/QueryStates';

/** Users, contacts and storage against the package's limits. */
export function UsagePanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(UsageDocument, { fetchPolicy: 'cache-and-network' });
  return (
    <QueryStates data={data} loading={loading} error={error} onRetry={refetch} keepWhileLoading>
      {(data) => {
        const { users, contacts, storage } = data.usage;
        const rows = [
          { key: 'users', used: users.used, limit: users.limit, show: format.number },
          { key: 'contacts', used: contacts.used, limit: contacts.limit, show: format.number },
          { key: 'storage', used: storage.used, limit: storage.limit, show: format.bytes },
        ] as const;
        return (
          <div className="usage" data-testid="usage">
            {rows.map((row) => {
              const share = row.limit > 0 ? Math.min(1, row.used / row.limit) : 1;
              return (
                <div key={row.key} className="usage__row">
                  <span>{t(`home.${row.key}`)}</span>
                  <div className="usage__bar" role="meter" aria-valuemin={0} aria-valuemax={row.limit} aria-valuenow={row.used} aria-label={t(`home.${row.key}`)}>
                    <div className={`usage__fill${share >= 1 ? ' is-full' : ''}`} style={{ width: `${Math.max(share * 100, 1)}%` }} />
                  </div>
                  <span className="muted">{t('home.ofLimit', { used: row.show(row.used), limit: row.show(row.limit) })}</span>
                </div>
              );
            })}
          </div>
        );
      }}
    </QueryStates>
  );
}
