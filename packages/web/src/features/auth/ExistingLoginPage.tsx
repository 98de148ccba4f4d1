import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { AccountList } from '../accounts/AccountList';
import { useCreateAccount } from '../accounts/useCreateAccount';
import { Field } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';
import { useFieldErrors } from './useFieldErrors';

/**
 * After signing up with an e-mail that already has a login (and its right
 * password): open an existing account, or create the new one with one click.
 */
export default function ExistingLoginPage() {
  const { t } = useTranslation();
  const state = (useLocation().state ?? {}) as { accountName?: string; planCode?: string; signedIn?: boolean };
  const [name, setName] = useState(state.accountName ?? '');
  const { createAccount, creating } = useCreateAccount();
  const errors = useFieldErrors(['name', 'planCode'] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await createAccount(name, state.planCode ?? 'TEAM');
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <main className="page page--narrow">
      {creating && <ProgressBar />}
      <h1>{t(state.signedIn ? 'existing.titleSignedIn' : 'existing.title')}</h1>
      <p className="page__lead">{t(state.signedIn ? 'existing.leadSignedIn' : 'existing.lead')}</p>
      <section className="choice">
        <h2>{t('existing.open')}</h2>
        <AccountList />
      </section>
      <section className="choice">
        <h2>{t('existing.create')}</h2>
        <form className="form form--inline" onSubmit={(e) => void submit(e)} noValidate>
          <FormError>{errors.formError ?? errors.fieldErrors.planCode}</FormError>
          <Field label={t('signUp.accountName')} name="name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.fieldErrors.name} />
          <button type="submit" className="button button--primary" disabled={creating}>
            {t('existing.createButton')}
          </button>
        </form>
      </section>
    </main>
  );
}
