import { useQuery } from '@apollo/client/react';
import { PlansDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../auth/useFieldErrors';
import { useFormat } from '../../i18n/format';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';
import { useCreateAccount } from './useCreateAccount';

/** A new account for the signed-in user: a name and a package. */
export function CreateAccountDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const plans = useQuery(PlansDocument, { skip: !open });
  const [name, setName] = useState('');
  const [planCode, setPlanCode] = useState('TEAM');
  const { createAccount, creating } = useCreateAccount();
  const errors = useFieldErrors(['name', 'planCode'] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await createAccount(name, planCode);
      setName('');
      onClose();
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <Dialog open={open} title={t('accounts.create')} onClose={onClose}>
      {creating && <ProgressBar />}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormError>{errors.formError}</FormError>
        <Field label={t('signUp.accountName')} name="name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} error={errors.fieldErrors.name} />
        <SelectField
          label={t('signUp.plan')}
          name="planCode"
          value={planCode}
          onChange={setPlanCode}
          error={errors.fieldErrors.planCode}
          options={(plans.data?.plans ?? []).map((p) => ({ value: p.code, label: `${p.name} · ${format.money(p.priceCents)} ${t('pricing.perMonth')}` }))}
        />
        <DialogActions submitLabel={t('accounts.createButton')} onCancel={onClose} disabled={creating} />
      </form>
    </Dialog>
  );
}
