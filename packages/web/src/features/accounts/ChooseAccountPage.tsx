import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountList } from './AccountList';
import { CreateAccountDialog } from './CreateAccountDialog';

/** Signed in without an account in the URL: pick one or make one. */
export default function ChooseAccountPage() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  return (
    <main className="page page--narrow">
      <h1>{t('accounts.choose')}</h1>
      <AccountList />
      <button type="button" className="button" onClick={() => setCreating(true)}>
        {t('accounts.create')}
      </button>
      <CreateAccountDialog open={creating} onClose={() => setCreating(false)} />
    </main>
  );
}
