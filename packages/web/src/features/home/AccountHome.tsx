import { useQuery } from '@apollo/client/react';
import { lazy, Suspense } from 'react';
import { MeDocument } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { useSession } from '../../session/session';
import { Loading } from '../../ui/States';
import { UsagePanel } from './UsagePanel';

// Chart.js comes with the charts only, after the facts are on screen.
const OverviewCharts = lazy(() => import('./OverviewCharts'));

/** The account's front page: what it is, its package, and the user's role in it. */
export default function AccountHome() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const { data } = useQuery(MeDocument);
  const accountId = session.status === 'signedIn' ? session.account?.id : undefined;
  const membership = data?.me.memberships.find((m) => m.account.id === accountId);
  if (!membership) return <Loading />;
  const { account } = membership;
  return (
    <section className="page" data-testid="account-home">
      <h1 data-testid="account-name">{account.name}</h1>
      <dl className="facts">
        <dt>{t('home.role')}</dt>
        <dd>{t(`roles.${membership.role}`)}</dd>
        <dt>{t('home.plan')}</dt>
        <dd>
          {account.plan.name} · {format.money(account.plan.priceCents)} {t('pricing.perMonth')}
        </dd>
        <dt>{t('home.limits')}</dt>
        <dd>
          {t('pricing.users', { count: account.plan.maxUsers, formatted: format.number(account.plan.maxUsers) })} ·{' '}
          {t('pricing.contacts', { count: account.plan.maxContacts, formatted: format.number(account.plan.maxContacts) })}
        </dd>
        <dt>{t('home.since')}</dt>
        <dd>{format.date(account.createdAt)}</dd>
      </dl>
      <h2>{t('home.usage')}</h2>
      <UsagePanel />
      <Suspense fallback={<Loading />}>
        <OverviewCharts />
      </Suspense>
    </section>
  );
}
