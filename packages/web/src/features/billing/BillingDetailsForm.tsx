import { useMutation, useQuery } from '@apollo/client/react';
import { BillingDetailsDocument, UpdateBillingDetailsDocument, type BillingDetailsFieldsFragment, type BillingDetailsQuery } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, readError } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { QueryStates } from '../../ui/QueryStates';
import { FormError, ProgressBar } from '../../ui/States';
import { billingDetailsProblems, normaliseIban, type BillingDetailsValues, type BillingField } from './billing-checks';

const fields: readonly BillingField[] = ['companyName', 'addressLine1', 'addressLine2', 'postalCode', 'city', 'country', 'vatId', 'invoiceEmail', 'accountHolder', 'iban'];

/** Address, VAT ID, invoice recipient and SEPA mandate of the account. */
export function BillingDetailsForm() {
  const { data, loading, error, refetch } = useQuery(BillingDetailsDocument);
  return (
    <QueryStates data={data} loading={loading} error={error} onRetry={refetch}>
      {(loaded) => <DetailsForm details={loaded.subscription.billingDetails} />}
    </QueryStates>
  );
}

function valuesOf(details: BillingDetailsFieldsFragment): BillingDetailsValues {
  return {
    companyName: details.companyName ?? '',
    addressLine1: details.addressLine1 ?? '',
    addressLine2: details.addressLine2 ?? '',
    postalCode: details.postalCode ?? '',
    city: details.city ?? '',
    country: details.country ?? '',
    vatId: details.vatId ?? '',
    invoiceEmail: details.invoiceEmail ?? '',
    accountHolder: details.sepaMandate?.accountHolder ?? '',
    iban: '',
  };
}

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

function DetailsForm({ details }: { details: BillingDetailsFieldsFragment }) {
  const { t } = useTranslation();
  // Filled once from the server; a later refetch must not overwrite what the user is typing.
  const [values, setValues] = useState(() => valuesOf(details));
  // A field's own check shows once the user has left it (or tried to save), then follows every keystroke.
  const [touched, setTouched] = useState<Partial<Record<BillingField, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<BillingField, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [save, saving] = useMutation(UpdateBillingDetailsDocument, {
    update(cache, { data }) {
      if (!data) return;
      cache.writeQuery({
        query: BillingDetailsDocument,
        // The generated types leave __typename out; the cache needs it to merge into the subscription it holds.
        data: { subscription: { __typename: 'AccountSubscription', billingDetails: data.updateBillingDetails.billingDetails } } as BillingDetailsQuery,
      });
    },
  });

  const problems = billingDetailsProblems(values);
  const errorFor = (field: BillingField): string | undefined => {
    const problem = touched[field] ? problems[field] : undefined;
    return serverErrors[field] ?? (problem && t(`billing.details.problems.${problem}`));
  };
  const input = (field: BillingField) => ({
    name: field,
    value: values[field],
    error: errorFor(field),
    onChange: (e: { target: { value: string } }) => {
      const value = e.target.value;
      setValues((v) => ({ ...v, [field]: value }));
      setServerErrors(({ [field]: _, ...rest }) => rest);
      setSaved(false);
    },
    onBlur: () => setTouched((seen) => ({ ...seen, [field]: true })),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(Object.fromEntries(fields.map((f) => [f, true])));
    setFormError(undefined);
    setSaved(false);
    if (Object.keys(problems).length > 0) return;
    try {
      await save({
        variables: {
          input: {
            companyName: values.companyName.trim(),
            addressLine1: values.addressLine1.trim(),
            addressLine2: orNull(values.addressLine2),
            postalCode: values.postalCode.trim(),
            city: values.city.trim(),
            country: values.country.trim().toUpperCase(),
            vatId: orNull(values.vatId),
            invoiceEmail: values.invoiceEmail.trim(),
            accountHolder: orNull(values.accountHolder),
            iban: values.iban.trim() ? normaliseIban(values.iban) : null,
          },
        },
      });
      // The IBAN is write-only: once saved, only its last four characters come back.
      setValues((v) => ({ ...v, iban: '' }));
      setTouched({});
      setSaved(true);
    } catch (e) {
      const { code, field } = readError(e);
      if (code === 'BAD_USER_INPUT' && field && (fields as readonly string[]).includes(field)) {
        setServerErrors({ [field]: errorMessage(t, e) });
      } else {
        setFormError(errorMessage(t, e));
      }
    }
  }

  const last4 = details.sepaMandate?.ibanLast4;
  return (
    <form className="form" data-testid="billing-details" noValidate onSubmit={(e) => void submit(e)}>
      {saving.loading && <ProgressBar label={t('billing.details.save')} />}
      <Field label={t('billing.details.companyName')} autoComplete="organization" {...input('companyName')} />
      <Field label={t('billing.details.addressLine1')} autoComplete="address-line1" {...input('addressLine1')} />
      <Field label={t('billing.details.addressLine2')} autoComplete="address-line2" {...input('addressLine2')} />
      <Field label={t('billing.details.postalCode')} autoComplete="postal-code" {...input('postalCode')} />
      <Field label={t('billing.details.city')} autoComplete="address-level2" {...input('city')} />
      <Field label={t('billing.details.country')} hint={t('billing.details.countryHint')} autoComplete="country" maxLength={2} {...input('country')} />
      <Field label={t('billing.details.vatId')} hint={t('billing.details.vatIdHint')} {...input('vatId')} />
      <Field label={t('billing.details.invoiceEmail')} type="email" autoComplete="email" {...input('invoiceEmail')} />
      <h3>{t('billing.details.sepa')}</h3>
      <Field label={t('billing.details.accountHolder')} autoComplete="name" {...input('accountHolder')} />
      <Field
        label={t('billing.details.iban')}
        autoComplete="off"
        spellCheck={false}
        hint={<span data-testid="iban-on-file">{last4 ? t('billing.details.ibanOnFile', { masked: `•••• ${last4}` }) : t('billing.details.ibanNone')}</span>}
        {...input('iban')}
      />
      <FormError>{formError}</FormError>
      {saved && (
        <p className="form-success" role="status" data-testid="billing-details-saved">
          {t('billing.details.saved')}
        </p>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving.loading}>
          {t('billing.details.save')}
        </button>
      </div>
    </form>
  );
}
