import { useMutation } from '@apollo/client/react';
import { ChangePasswordDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { withPasskeyProof } from '../passkeys/passkey-second-factor';
import { UsePasskeyButton } from '../passkeys/UsePasskeyButton';

const fields = ['currentPassword', 'password', 'twoFactorCode'] as const;

/**
 * A new password, proven by the current one and, when the login has a second
 * factor, a code or one of its passkeys (a login with passkeys and no TOTP
 * confirms with a passkey only); the server logs out every other session.
 */
export function PasswordForm({ twoFactorEnabled, hasPasskey }: { twoFactorEnabled: boolean; hasPasskey: boolean }) {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [password, setPassword] = useState('');
  const [twoFactorCode, setTwoFactorCode] = useState('');
  const [saved, setSaved] = useState(false);
  const [change, { loading }] = useMutation(ChangePasswordDocument);
  const errors = useFieldErrors(fields);
  const showRefusal = (error: unknown) => errors.show(error, { INVALID_CODE: 'twoFactorCode', TWO_FACTOR_CODE_REQUIRED: 'twoFactorCode' });

  function done() {
    setCurrentPassword('');
    setPassword('');
    setTwoFactorCode('');
    setSaved(true);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    // A login with passkeys and no TOTP confirms with its passkey: the button below.
    if (hasPasskey && !twoFactorEnabled) return;
    errors.clear();
    setSaved(false);
    try {
      await change({ variables: { currentPassword, password, twoFactorCode: twoFactorEnabled ? twoFactorCode : undefined } });
      done();
    } catch (error) {
      showRefusal(error);
    }
  }

  async function changeWithPasskey() {
    errors.clear();
    setSaved(false);
    await withPasskeyProof((proof) => change({ variables: { currentPassword, password, ...proof } }));
    done();
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
      {(twoFactorEnabled || !hasPasskey) && (
        <button type="submit" className="button button--primary" disabled={loading}>
          {t('password.change')}
        </button>
      )}
      {hasPasskey && <UsePasskeyButton prove={changeWithPasskey} onRefused={showRefusal} disabled={loading} />}
    </form>
  );
}
