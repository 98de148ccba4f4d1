import { useMutation } from '@apollo/client/react';
import { DeleteAccountDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';
import { confirmsAccountName } from '../accounts/account-exit';
import { useExitAccount } from '../accounts/useExitAccount';
import { useFieldErrors } from '../auth/useFieldErrors';
import { AccountPackageSection } from '../accountpackage/AccountPackageSection';
import { useCurrentMembership } from '../../session/useCurrentMembership';

/**
 * The owner deletes the account with all its data. Typing the account's name
 * enables the button; the server checks the name again and refuses otherwise.
 */
export function DeleteAccountDialog({ account, onClose }: { account: { id: string; name: string }; onClose(): void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [remove, { loading }] = useMutation(DeleteAccountDocument);
  const { exit, exiting } = useExitAccount();
  const errors = useFieldErrors(['confirmName'] as const);
  const confirmed = confirmsAccountName(typed, account.name);
  const { can } = useCurrentMembership();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!confirmed) return;
    errors.clear();
    try {
      await remove({ variables: { confirmName: typed } });
    } catch (e) {
      errors.show(e);
      return;
    }
    await exit(account.id);
  }

  return (
    <Dialog open title={t('accountExit.deleteTitle', { name: account.name })} onClose={onClose}>
      {(loading || exiting) && <ProgressBar />}
      {/* Before the data goes: everything in it as one package, to keep or to bring into another account. */}
      {can('ACCOUNT_PACKAGE') && (
        <div className="before-delete" data-testid="delete-account-package">
          <p>{t('accountPackage.beforeDelete')}</p>
          <AccountPackageSection headingLevel={3} />
        </div>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="delete-account-dialog">
        <p>{t('accountExit.deleteBody', { name: account.name })}</p>
        <FormError>{errors.formError}</FormError>
        <Field label={t('accountExit.typeName', { name: account.name })} name="confirmName" autoComplete="off" autoFocus value={typed} onChange={(e) => setTyped(e.target.value)} error={errors.fieldErrors.confirmName} />
        <DialogActions submitLabel={t('accountExit.delete')} onCancel={onClose} disabled={loading || exiting || !confirmed} destructive />
      </form>
    </Dialog>
  );
}
