import { useMutation } from '@apollo/client/react';
import { ChangePasswordDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';

const fields = ['currentPassword', 'password', 'twoFactorCode'] as const;

/** A new password, proven by the current one (and a code when two-factor authentication is on); the server logs out every other session. */
export function PasswordForm({ twoFactorEnabled }: { twoFactorEnabled: boolean }) {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [password, setPassword] = useState('');
  const [twoFactorCode, setTwoFactorCode] = useState('');
  const [saved, setSaved] = useState(false);
  const [change, { loading }] = useMutation(ChangePasswordDocument);
  const errors = useFieldErrors(fields);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setSaved(false);
    try {
      await change({ variables: { currentPassword, password, twoFactorCode: twoFactorEnabled ? twoFactorCode : undefined } });
      setCurrentPassword('');
      setPassword('');
      setTwoFactorCode('');
      setSaved(true);
    } catch (error) {
      errors.show(error, { INVALID_CODE: 'twoFactorCode', TWO_FACTOR_CODE_REQUIRED: 'twoFactorCode' });
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="password-form">
      <FormError>{errors.formError}</FormError>
      <Field label={t('password.current')} name="currentPassword" type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrentPassword(e.target.value)} error={errors.fieldErrors.currentPassword} />
      <Field label={t('password.newPassword')} name="password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fieldErrors.password} hint={t('signUp.passwordHint')} />
      {twoFactorEnabled && (
        <Field label={t('twoFactor.code')} name="twoFactorCode" inputMode="numeric" autoComplete="one-time-code" required value={twoFactorCode} onChange={(e) => setTwoFactorCode(e.target.value)} error={errors.fieldErrors.twoFactorCode} />
      )}
      {saved && (
        <p className="form-success" role="status">
          {t('password.changed')}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={loading}>
        {t('password.change')}
      </button>
    </form>
  );
}
