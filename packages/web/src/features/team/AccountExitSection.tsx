import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMembership } from '../accounts/useCurrentMembership';
import { DeleteAccountDialog } from './DeleteAccountDialog';
import { LeaveAccountDialog } from './LeaveAccountDialog';

/**
 * The end of the team screen: a member leaves the account; the owner, who
 * cannot leave before handing over the ownership, may delete it instead.
 */
export function AccountExitSection() {
  const { t } = useTranslation();
  const { membership } = useCurrentMembership();
  const [open, setOpen] = useState<'leave' | 'delete'>();
  if (!membership) return null;
  const { account } = membership;
  const isOwner = membership.role === 'OWNER';

  return (
    <section className="danger-zone" data-testid="account-exit" aria-labelledby="account-exit-title">
      <h2 id="account-exit-title">{t('accountExit.title')}</h2>
      {isOwner ? (
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
