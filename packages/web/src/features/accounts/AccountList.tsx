import { useQuery } from '@apollo/client/react';
import { MeDocument } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { paths } from '../../ui/paths';

/** The accounts the user may open, each a link into it. */
export function AccountList() {
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(MeDocument);
  if (loading) return <Loading />;
  if (error || !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const active = data.me.memberships.filter((m) => m.status === 'ACTIVE');
  if (active.length === 0) return <Empty title={t('accounts.none')} />;
  return (
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
  );
}
