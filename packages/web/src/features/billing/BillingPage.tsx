import { useMutation, useQuery } from '@apollo/client/react';
import { ChangePlanDocument, InvoicesDocument, PlansDocument, PreviewPlanChangeDocument, SubscriptionDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { useCan } from '../../session/useCurrentMembership';
import { errorMessage } from '../../ui/errors';
import { SelectField } from '../../ui/Field';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError, ProgressBar } from '../../ui/States';
import { BillingDetailsForm } from './BillingDetailsForm';

/** The account's package, trial and invoices (owners and co-owners; the server refuses everyone else). */
export default function BillingPage() {
  const { t } = useTranslation();
  const can = useCan();
  if (!can('BILLING_MANAGE')) return <Empty title={t('billing.ownersOnly')} />;
  return (
    <section data-testid="billing">
      <h1>{t('billing.title')}</h1>
      <PackagePanel />
      <h2>{t('billing.details.title')}</h2>
      <BillingDetailsForm />
      <h2>{t('billing.invoices')}</h2>
      <InvoiceList />
    </section>
  );
}

function PackagePanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const subscription = useQuery(SubscriptionDocument);
  const plans = useQuery(PlansDocument);
  const [choice, setChoice] = useState('');
  const preview = useQuery(PreviewPlanChangeDocument, { variables: { planCode: choice }, skip: !choice });
  const [change, changing] = useMutation(ChangePlanDocument, { refetchQueries: ['Subscription', 'Me', 'Usage'], awaitRefetchQueries: true });
  const [error, setError] = useState<string>();

  const p = preview.data?.previewPlanChange;

  async function apply() {
    setError(undefined);
    try {
      await change({ variables: { planCode: choice } });
      setChoice('');
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }

  return (
    <QueryStates data={subscription.data?.subscription} loading={subscription.loading} error={subscription.error} onRetry={subscription.refetch}>
      {(sub) => (
        <div className="facts-block">
          {changing.loading && <ProgressBar />}
          <dl className="facts">
            <dt>{t('home.plan')}</dt>
            <dd data-testid="current-plan">
              {sub.plan.name} · {format.money(sub.plan.priceCents)} {t('pricing.perMonth')}
            </dd>
            <dt>{t('billing.trial')}</dt>
            <dd>{sub.inTrial ? t('billing.trialLeft', { count: sub.trialDaysLeft, date: format.date(sub.trialEndsAt) }) : t('billing.trialOver')}</dd>
            <dt>{t('billing.thisMonth')}</dt>
            <dd>{sub.currentMonthEstimate ? format.money(sub.currentMonthEstimate.grossCents) : format.money(0)}</dd>
          </dl>
          <div className="plan-change">
            <SelectField
              label={t('billing.changeTo')}
              name="planCode"
              value={choice}
              onChange={setChoice}
              options={[
                { value: '', label: '–' },
                ...(plans.data?.plans ?? []).filter((x) => x.code !== sub.plan.code).map((x) => ({ value: x.code, label: `${x.name} · ${format.money(x.priceCents)}` })),
              ]}
            />
            {p && p.newPlan.code === choice && (
              <p className={p.allowed ? 'muted' : 'field__error'} data-testid="plan-preview">
                {p.allowed
                  ? t('billing.difference', { amount: format.money(p.grossDifferenceCents) })
                  : t('billing.notAllowed', {
                      limits: p.limitsExceeded.map((l) => `${t(`billing.limits.${l.limit}`)} (${format.number(l.usage)} / ${format.number(l.allowed)})`).join(', '),
                    })}
              </p>
            )}
            <FormError>{error}</FormError>
            <button type="button" className="button button--primary" disabled={!choice || !p?.allowed || changing.loading} onClick={() => void apply()}>
              {t('billing.change')}
            </button>
          </div>
        </div>
      )}
    </QueryStates>
  );
}

function InvoiceList() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(InvoicesDocument, { fetchPolicy: 'network-only' });
  return (
    <QueryStates data={data} loading={loading} error={error} onRetry={refetch} isEmpty={(d) => d.invoices.length === 0} empty={<Empty title={t('billing.noInvoices')} />}>
      {(data) => (
        <table className="table" data-testid="invoices">
          <thead>
            <tr>
              <th>{t('billing.number')}</th>
              <th>{t('billing.period')}</th>
              <th>{t('billing.amount')}</th>
              <th>{t('billing.due')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.invoices.map((inv) => (
              <tr key={inv.id}>
                <td>{inv.number}</td>
                <td>{inv.period}</td>
                <td>{format.money(inv.grossCents, inv.currency)}</td>
                <td>{format.date(inv.dueDate)}</td>
                <td>
                  <a href={inv.pdfUrl} target="_blank" rel="noreferrer">
                    {t('billing.download')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryStates>
  );
}
