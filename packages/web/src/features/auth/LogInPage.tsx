import { useMutation } from '@apollo/client/react';
import { LogInDocument, type SessionAuthFragment } from '@kontor/sdk';
import { PasskeyLogIn } from '../passkeys/PasskeyLogIn';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { adopt } from '../../session/session';
import { Field } from '../../ui/Field';
import { paths } from '../../ui/paths';
import { errorCode } from '../../ui/errors';
import { FormError, ProgressBar } from '../../ui/States';
import { useFieldErrors } from './useFieldErrors';

const fields = ['email', 'password', 'twoFactorCode'] as const;

/** A path inside this app only: never follow `next` to another site. */
function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
}

export default function LogInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [logIn, { loading }] = useMutation(LogInDocument);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Asked for once the server has said the password is right and a second factor is on (TWO_FACTOR_CODE_REQUIRED).
  const [askCode, setAskCode] = useState(false);
  const [twoFactorCode, setTwoFactorCode] = useState('');
  const errors = useFieldErrors(fields);

  function enter(auth: SessionAuthFragment) {
    adopt(auth);
    navigate(safeNext(params.get('next')) ?? (auth.account ? paths.account(auth.account.slug) : '/accounts'), { replace: true });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      const { data } = await logIn({ variables: { email, password, twoFactorCode: askCode ? twoFactorCode : undefined } });
      enter(data!.logIn);
    } catch (error) {
      if (errorCode(error) === 'TWO_FACTOR_CODE_REQUIRED' && !askCode) setAskCode(true);
      else errors.show(error, { INVALID_CODE: 'twoFactorCode', TWO_FACTOR_CODE_REQUIRED: 'twoFactorCode' });
    }
  }

  return (
    <main className="page page--narrow">
      {loading && <ProgressBar />}
      <h1>{t('logIn.title')}</h1>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormError>{errors.formError}</FormError>
        {askCode ? (
          <>
            <p className="page__lead">{t('logIn.codeLead')}</p>
            <Field
              label={t('logIn.code')}
              name="twoFactorCode"
              autoComplete="one-time-code"
              autoFocus
              required
              value={twoFactorCode}
              onChange={(e) => setTwoFactorCode(e.target.value)}
              error={errors.fieldErrors.twoFactorCode}
              hint={t('logIn.codeHint')}
            />
          </>
        ) : (
          <>
            <Field label={t('signUp.email')} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fieldErrors.email} />
            <Field label={t('signUp.password')} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fieldErrors.password} />
          </>
        )}
        <button type="submit" className="button button--primary" disabled={loading}>
          {t('logIn.submit')}
        </button>
      </form>
      {!askCode && <PasskeyLogIn onLoggedIn={enter} />}
      <p className="page__aside">
        <Link to="/forgot-password">{t('password.forgot')}</Link>
      </p>
      <p className="page__aside">
        {t('logIn.noLogin')} <Link to="/pricing">{t('shell.signUp')}</Link>
      </p>
    </main>
  );
}
