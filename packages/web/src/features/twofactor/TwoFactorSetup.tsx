import { useMutation } from '@apollo/client/react';
import { ConfirmTwoFactorSetupDocument, StartTwoFactorSetupDocument, type StartTwoFactorSetupMutation } from '@kontor/sdk';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { QrCode } from './QrCode';
import { RecoveryCodes } from './RecoveryCodes';

const fields = ['code'] as const;

/**
 * Turning two-factor authentication on, in three steps: a new secret (as a
 * QR code and as text, asked for as soon as this is shown), one code of the app that proves it has the secret,
 * then the recovery codes, shown once. `onDone` runs after the user has
 * stored those. Used on the profile and, in place, by an account that
 * requires a second factor.
 */
export function TwoFactorSetup({ onDone, onCancel }: { onDone(): void; onCancel?(): void }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<StartTwoFactorSetupMutation['startTwoFactorSetup']>();
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [start, starting] = useMutation(StartTwoFactorSetupDocument);
  const [confirm, confirming] = useMutation(ConfirmTwoFactorSetupDocument);
  const errors = useFieldErrors(fields);
  // Once per mount (React's strict mode runs effects twice): a second start would replace the secret on show.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void begin();
  }, []);

  async function begin() {
    errors.clear();
    try {
      const { data } = await start();
      setSetup(data!.startTwoFactorSetup);
    } catch (error) {
      errors.show(error);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      const { data } = await confirm({ variables: { code } });
      setRecoveryCodes(data!.confirmTwoFactorSetup);
    } catch (error) {
      errors.show(error, { INVALID_CODE: 'code', CONFLICT: 'code' });
    }
  }

  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} onDone={onDone} />;
  if (!setup) {
    return (
      <div className="form" data-testid="two-factor-setup">
        <FormError>{errors.formError}</FormError>
        {errors.formError && (
          <button type="button" className="button" disabled={starting.loading} onClick={() => void begin()}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="two-factor-setup">
      <FormError>{errors.formError}</FormError>
      <p>{t('twoFactor.scan')}</p>
      <QrCode text={setup.otpauthUri} />
      <p className="field__hint">{t('twoFactor.typeInstead')}</p>
      <code className="secret-once__value" data-testid="two-factor-secret">
        {setup.secret}
      </code>
      <Field label={t('twoFactor.code')} name="code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} error={errors.fieldErrors.code} />
      <div className="form__actions">
        {onCancel && (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={confirming.loading}>
          {t('twoFactor.confirm')}
        </button>
      </div>
    </form>
  );
}
