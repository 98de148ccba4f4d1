import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMembership } from '../../session/useCurrentMembership';
import { DeleteAccountDialog } from './DeleteAccountDialog';
import { LeaveAccountDialog } from './LeaveAccountDialog';

/**
 * The end of the team screen: a member leaves the account; the owner, who
 * cannot leave before handing over the ownership, may delete it instead.
 */
export function AccountExitSection() {
  const { t } = useTranslation();
  const { membership, can } = useCurrentMembership();
  const [open, setOpen] = useState<'leave' | 'delete'>();
  if (!membership) return null;
  const { account } = membership;
  // Whoever may delete the account is its owner, who cannot leave before handing the ownership over.
  const mayDelete = can('ACCOUNT_DELETE');

  return (
    <section className="danger-zone" data-testid="account-exit" aria-labelledby="account-exit-title">
      <h2 id="account-exit-title">{t('accountExit.title')}</h2>
      {mayDelete ? (
        <>
          <p className="muted" data-testid="owner-cannot-leave">{t('accountExit.ownerCannotLeave')}</p>
          <p>{t('accountExit.deleteIntro')}</p>
          <button type="button" className="button button--destructive" onClick={() => setOpen('delete')}>
            {t('accountExit.deleteButton')}
          </button>
        </>
      ) : (
        <>
          <p>{t('accountExit.leaveIntro')}</p>
          <button type="button" className="button button--destructive" onClick={() => setOpen('leave')}>
            {t('accountExit.leaveButton')}
          </button>
        </>
      )}
      {open === 'leave' && <LeaveAccountDialog account={account} onClose={() => setOpen(undefined)} />}
      {open === 'delete' && <DeleteAccountDialog account={account} onClose={() => setOpen(undefined)} />}
    </section>
  );
}
