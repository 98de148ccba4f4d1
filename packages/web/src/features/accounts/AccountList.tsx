import { useQuery } from '@apollo/client/react';
import { MeDocument } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../ui/paths';
import { QueryStates } from '../../ui/QueryStates';
import { Empty } from '../../ui/States';

/** The accounts the user may open, each a link into it. */
export function AccountList() {
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(MeDocument);
  const active = data?.me.memberships.filter((m) => m.status === 'ACTIVE');
  return (
    <QueryStates data={active} loading={loading} error={error} onRetry={refetch} isEmpty={(found) => found.length === 0} empty={<Empty title={t('accounts.none')} />}>
      {(active) => (
        <ul className="account-cards" data-testid="my-accounts">
          {active.map((m) => (
            <li key={m.id}>
              <Link to={paths.account(m.account.slug)} className="account-card">
                <span className="account-card__name">{m.account.name}</span>
                <span className="account-card__meta">
                  {t(`roles.${m.role}`)} · {m.account.plan.name}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </QueryStates>
  );
}
