import { useMutation } from '@apollo/client/react';
import { MeDocument, MergeLoginDocument, SecurityEventsDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';

const fields = ['email', 'password', 'twoFactorCode'] as const;

/**
 * "Merge another login into this one": its address and password (and its
 * second factor's code, asked for when it has one) prove it is yours; its
 * accounts then open with this login, and it can no longer log in.
 */
export function MergeLoginSection() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [twoFactorCode, setTwoFactorCode] = useState('');
  const [merged, setMerged] = useState<string>();
  const [mergeLogin, { loading }] = useMutation(MergeLoginDocument, { refetchQueries: [{ query: MeDocument }, { query: SecurityEventsDocument }] });
  const errors = useFieldErrors(fields);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setMerged(undefined);
    try {
      await mergeLogin({ variables: { email, password, twoFactorCode: askCode ? twoFactorCode : undefined } });
      setMerged(email);
      setEmail('');
      setPassword('');
      setTwoFactorCode('');
      setAskCode(false);
    } catch (error) {
      if (errorCode(error) === 'TWO_FACTOR_CODE_REQUIRED' && !askCode) setAskCode(true);
      else errors.show(error, { INVALID_CREDENTIALS: 'password', SAME_LOGIN: 'email', INVALID_CODE: 'twoFactorCode', TWO_FACTOR_CODE_REQUIRED: 'twoFactorCode' });
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="merge-login">
      <p className="page__lead">{t('mergeLogin.lead')}</p>
      <FormError>{errors.formError}</FormError>
      <Field label={t('mergeLogin.email')} name="email" type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fieldErrors.email} />
      <Field label={t('mergeLogin.password')} name="password" type="password" autoComplete="off" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fieldErrors.password} />
      {askCode && (
        <Field label={t('mergeLogin.code')} name="twoFactorCode" autoComplete="one-time-code" required value={twoFactorCode} onChange={(e) => setTwoFactorCode(e.target.value)} error={errors.fieldErrors.twoFactorCode} />
      )}
      {merged && (
        <p className="form-success" role="status">
          {t('mergeLogin.done', { email: merged })}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={loading}>
        {t('mergeLogin.submit')}
      </button>
    </form>
  );
}
