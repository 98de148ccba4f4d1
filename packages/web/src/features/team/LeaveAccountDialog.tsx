import { useMutation } from '@apollo/client/react';
import { LeaveAccountDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { errorCode, errorMessage } from '../../ui/errors';
import { FormError, ProgressBar } from '../../ui/States';
import { useExitAccount } from '../accounts/useExitAccount';

/** A member (not the owner) leaves the account; their records go to the owner. */
export function LeaveAccountDialog({ account, onClose }: { account: { id: string; name: string }; onClose(): void }) {
  const { t } = useTranslation();
  const [leave, { loading }] = useMutation(LeaveAccountDocument);
  const { exit, exiting } = useExitAccount();
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await leave();
    } catch (e) {
      // CONFLICT: the user has become the owner meanwhile, who must hand over the ownership first.
      setError(errorCode(e) === 'CONFLICT' ? t('accountExit.ownerCannotLeave') : errorMessage(t, e));
      return;
    }
    await exit(account.id);
  }

  return (
    <Dialog open title={t('accountExit.leaveTitle', { name: account.name })} onClose={onClose}>
      {(loading || exiting) && <ProgressBar />}
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="leave-account-dialog">
        <p>{t('accountExit.leaveBody', { name: account.name })}</p>
        <FormError>{error}</FormError>
        <DialogActions submitLabel={t('accountExit.leave')} onCancel={onClose} disabled={loading || exiting} destructive />
      </form>
    </Dialog>
  );
}
