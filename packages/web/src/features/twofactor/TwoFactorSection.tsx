import { useApolloClient, useMutation } from '@apollo/client/react';
import { DisableTwoFactorDocument, ProfileDocument, RegenerateRecoveryCodesDocument, SecurityEventsDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { withPasskeyProof } from '../passkeys/passkey-second-factor';
import { UsePasskeyButton } from '../passkeys/UsePasskeyButton';
import { RecoveryCodes } from './RecoveryCodes';
import { TwoFactorSetup } from './TwoFactorSetup';

/** The profile's two-factor section: turn it on; or, when on, new recovery codes and turning it off (each proven by a code, or by a passkey of the login). */
export function TwoFactorSection({ enabled, hasPasskey }: { enabled: boolean; hasPasskey: boolean }) {
  const { t } = useTranslation();
  const client = useApolloClient();
  const [settingUp, setSettingUp] = useState(false);
  // The profile (on or off) and its list of security events, which gained an entry.
  const reread = () => client.refetchQueries({ include: [ProfileDocument, SecurityEventsDocument] });
  if (!enabled) {
    return (
      <div data-testid="two-factor">
        {settingUp ? (
          <TwoFactorSetup onCancel={() => setSettingUp(false)} onDone={() => void reread().then(() => setSettingUp(false))} />
        ) : (
          <>
            <p className="page__lead">{t('twoFactor.offLead')}</p>
            <button type="button" className="button button--primary" onClick={() => setSettingUp(true)}>
              {t('twoFactor.setUp')}
            </button>
          </>
        )}
      </div>
    );
  }
  return (
    <div data-testid="two-factor">
      <p className="page__lead" data-testid="two-factor-on">
        {t('twoFactor.onLead')}
      </p>
      <RegenerateForm hasPasskey={hasPasskey} />
      <DisableForm hasPasskey={hasPasskey} onDisabled={() => void reread()} />
    </div>
  );
}

/** New recovery codes for a current code (or a passkey): the old ones stop working. */
function RegenerateForm({ hasPasskey }: { hasPasskey: boolean }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[]>();
  const [regenerate, { loading }] = useMutation(RegenerateRecoveryCodesDocument);
  const errors = useFieldErrors(['code'] as const);
  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      const { data } = await regenerate({ variables: { code } });
      setCode('');
      setCodes(data!.regenerateRecoveryCodes);
    } catch (error) {
      errors.show(error, { INVALID_CODE: 'code', TWO_FACTOR_CODE_REQUIRED: 'code' });
    }
  }
  async function regenerateWithPasskey() {
    errors.clear();
    const { data } = await withPasskeyProof((proof) => regenerate({ variables: { ...proof } }));
    setCode('');
    setCodes(data!.regenerateRecoveryCodes);
  }
  if (codes) return <RecoveryCodes codes={codes} onDone={() => setCodes(undefined)} />;
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="recovery-codes-form">
      <h3>{t('twoFactor.newCodesTitle')}</h3>
      <FormError>{errors.formError}</FormError>
      <Field label={t('twoFactor.code')} name="code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} error={errors.fieldErrors.code} />
      <button type="submit" className="button" disabled={loading}>
        {t('twoFactor.newCodes')}
      </button>
      {hasPasskey && <UsePasskeyButton prove={regenerateWithPasskey} onRefused={(error) => errors.show(error)} disabled={loading} />}
    </form>
  );
}

/** Turning it off needs the password and a code (or a passkey): a tab left open is not enough. */
function DisableForm({ hasPasskey, onDisabled }: { hasPasskey: boolean; onDisabled(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [disable, { loading }] = useMutation(DisableTwoFactorDocument);
  const errors = useFieldErrors(['currentPassword', 'code'] as const);
  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await disable({ variables: { password, code } });
      onDisabled();
    } catch (error) {
      errors.show(error, { INVALID_CODE: 'code', TWO_FACTOR_CODE_REQUIRED: 'code' });
    }
  }
  async function disableWithPasskey() {
    errors.clear();
    await withPasskeyProof((proof) => disable({ variables: { password, ...proof } }));
    onDisabled();
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="two-factor-off-form">
      <h3>{t('twoFactor.turnOffTitle')}</h3>
      <FormError>{errors.formError}</FormError>
      <Field label={t('password.current')} name="currentPassword" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fieldErrors.currentPassword} />
      <Field label={t('twoFactor.code')} name="code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} error={errors.fieldErrors.code} />
      <button type="submit" className="button button--danger" disabled={loading}>
        {t('twoFactor.turnOff')}
      </button>
      {hasPasskey && <UsePasskeyButton prove={disableWithPasskey} onRefused={(error) => errors.show(error)} disabled={loading} />}
    </form>
  );
}
