import { useTranslation } from 'react-i18next';
import { AccountList } from './AccountList';

/** A link into an account the user is not (or no longer) a member of. */
export function NoAccess({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <section className="page page--narrow" data-testid="no-access">
      <h1>{t('noAccess.title')}</h1>
      <p>{t('noAccess.body', { slug })}</p>
      <h2>{t('noAccess.yours')}</h2>
      <AccountList />
    </section>
  );
}
