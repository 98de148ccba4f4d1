import { useQuery } from '@apollo/client/react';
import { PlansDocument } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/format';
import { QueryStates } from '../../ui/QueryStates';

/** The packages, each leading to the sign-up form with it chosen. */
export default function PricingPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(PlansDocument);
  return (
    <main className="page">
      <h1>{t('pricing.title')}</h1>
      <p className="page__lead">{t('pricing.lead')}</p>
      <QueryStates data={data} loading={loading} error={error} onRetry={refetch}>
        {(data) => (
          <ul className="plans">
            {data.plans.map((plan) => (
              <li key={plan.code} className="plan" data-testid={`plan-${plan.code}`}>
                <h2 className="plan__name">{plan.name}</h2>
                <p className="plan__price">
                  {format.money(plan.priceCents)} <span className="plan__per">{t('pricing.perMonth')}</span>
                </p>
                <ul className="plan__limits">
                  <li>{t('pricing.users', { count: plan.maxUsers, formatted: format.number(plan.maxUsers) })}</li>
                  <li>{t('pricing.contacts', { count: plan.maxContacts, formatted: format.number(plan.maxContacts) })}</li>
                  <li>{t('pricing.storage', { size: format.bytes(plan.storageBytes) })}</li>
                </ul>
                <Link to={`/signup?plan=${plan.code}`} className="button button--primary">
                  {t('pricing.choose', { plan: plan.name })}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </QueryStates>
      <p className="page__aside">
        {t('pricing.haveLogin')} <Link to="/login">{t('shell.logIn')}</Link>
      </p>
    </main>
  );
}
