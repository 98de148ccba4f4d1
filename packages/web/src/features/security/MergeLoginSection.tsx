import { useMutation } from '@apollo/client/react';
import { MeDocument, MergeLoginDocument, SecurityEventsDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { passkeyErrorMessage } from '../passkeys/passkey-error';
import { secondFactorAsked, withPasskeyProof, type SecondFactorAsked } from '../passkeys/passkey-second-factor';

const fields = ['email', 'password', 'twoFactorCode'] as const;

/**
 * "Merge another login into this one": its address and password (and its
 * second factor, asked for when it has one: a code, or its passkey on this
 * device) prove it is yours; its
 * accounts then open with this login, and it can no longer log in.
 */
export function MergeLoginSection() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [asked, setAsked] = useState<SecondFactorAsked>();
  const [twoFactorCode, setTwoFactorCode] = useState('');
  const [passkeyError, setPasskeyError] = useState<string>();
  const [merged, setMerged] = useState<string>();
  const [mergeLogin, { loading }] = useMutation(MergeLoginDocument, { refetchQueries: [{ query: MeDocument }, { query: SecurityEventsDocument }] });
  const errors = useFieldErrors(fields);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setMerged(undefined);
    try {
      await mergeLogin({ variables: { email, password, twoFactorCode: asked?.totp ? twoFactorCode : undefined } });
      done();
    } catch (error) {
      const second = asked ? undefined : secondFactorAsked(error);
      if (second) setAsked(second);
      else errors.show(error, { INVALID_CREDENTIALS: 'password', SAME_LOGIN: 'email', INVALID_CODE: 'twoFactorCode', TWO_FACTOR_CODE_REQUIRED: 'twoFactorCode' });
    }
  }

  /** The other login's passkey instead of a code: the password step gives a fresh challenge (each works once), the browser answers it. */
  async function proveWithPasskey() {
    errors.clear();
    setPasskeyError(undefined);
    try {
      await withPasskeyProof((proof) => mergeLogin({ variables: { email, password, ...proof } }));
      done();
    } catch (caught) {
      setPasskeyError(passkeyErrorMessage(t, caught));
    }
  }

  function done() {
    setMerged(email);
    setEmail('');
    setPassword('');
    setTwoFactorCode('');
    setAsked(undefined);
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="merge-login">
      <p className="page__lead">{t('mergeLogin.lead')}</p>
      <FormError>{errors.formError}</FormError>
      <Field label={t('mergeLogin.email')} name="email" type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fieldErrors.email} />
      <Field label={t('mergeLogin.password')} name="password" type="password" autoComplete="off" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fieldErrors.password} />
      {asked?.totp && (
        <Field label={t('mergeLogin.code')} name="twoFactorCode" autoComplete="one-time-code" required value={twoFactorCode} onChange={(e) => setTwoFactorCode(e.target.value)} error={errors.fieldErrors.twoFactorCode} />
      )}
      {merged && (
        <p className="form-success" role="status">
          {t('mergeLogin.done', { email: merged })}
        </p>
      )}
      {asked?.passkey && (
        <>
          <FormError>{passkeyError}</FormError>
          <button type="button" className="button" disabled={loading} onClick={() => void proveWithPasskey()}>
            {t('logIn.usePasskey')}
          </button>
        </>
      )}
      {(!asked || asked.totp) && (
        <button type="submit" className="button button--primary" disabled={loading}>
          {t('mergeLogin.submit')}
        </button>
      )}
    </form>
  );
}
