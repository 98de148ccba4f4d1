import { useMutation } from '@apollo/client/react';
import { CompleteLogInWithPasskeyDocument, LogInDocument, type SessionAuthFragment } from '@kontor/sdk';
import { PasskeyLogIn } from '../passkeys/PasskeyLogIn';
import { passkeyErrorMessage } from '../passkeys/passkey-error';
import { answerPasskeyStep, secondFactorAsked, type PasskeyStep, type SecondFactorAsked } from '../passkeys/passkey-second-factor';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { adopt } from '../../session/session';
import { Field } from '../../ui/Field';
import { paths } from '../../ui/paths';
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
  const [complete, { loading: completing }] = useMutation(CompleteLogInWithPasskeyDocument);
  // Asked for once the server has said the password is right and the login has a second factor (TWO_FACTOR_CODE_REQUIRED): a code, a passkey, or either.
  const [asked, setAsked] = useState<SecondFactorAsked>();
  const [twoFactorCode, setTwoFactorCode] = useState('');
  const [passkeyError, setPasskeyError] = useState<string>();
  const errors = useFieldErrors(fields);

  function enter(auth: SessionAuthFragment) {
    adopt(auth);
    navigate(safeNext(params.get('next')) ?? (auth.account ? paths.account(auth.account.slug) : '/accounts'), { replace: true });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      const { data } = await logIn({ variables: { email, password, twoFactorCode: asked ? twoFactorCode : undefined } });
      enter(data!.logIn);
    } catch (error) {
      const second = asked ? undefined : secondFactorAsked(error);
      if (!second) return errors.show(error, { INVALID_CODE: 'twoFactorCode', TWO_FACTOR_CODE_REQUIRED: 'twoFactorCode' });
      setAsked(second);
      // Without TOTP the passkey is the only way on: ask the browser for it at once.
      if (!second.totp && second.passkey) void proveWithPasskey(second.passkey);
    }
  }

  /** Finishes the log-in with a passkey; without a `step`, the password step is asked again for a fresh challenge (each works once). */
  async function proveWithPasskey(step?: PasskeyStep) {
    setPasskeyError(undefined);
    try {
      let challenge = step;
      if (!challenge) {
        const fresh = await logIn({ variables: { email, password } }).then(
          ({ data }) => data!.logIn,
          (error: unknown) => secondFactorAsked(error)?.passkey ?? Promise.reject(error),
        );
        if ('accessToken' in fresh) return enter(fresh);
        challenge = fresh;
      }
      const response = await answerPasskeyStep(challenge);
      const { data } = await complete({ variables: { challengeId: challenge.challengeId, response } });
      enter(data!.completeLogInWithPasskey);
    } catch (caught) {
      setPasskeyError(passkeyErrorMessage(t, caught));
    }
  }

  return (
    <main className="page page--narrow">
      {(loading || completing) && <ProgressBar />}
      <h1>{t('logIn.title')}</h1>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormError>{errors.formError}</FormError>
        {asked ? (
          <>
            <p className="page__lead">{asked.totp ? t('logIn.codeLead') : t('logIn.passkeyLead')}</p>
            {asked.totp && (
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
            )}
          </>
        ) : (
          <>
            <Field label={t('signUp.email')} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fieldErrors.email} />
            <Field label={t('signUp.password')} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fieldErrors.password} />
          </>
        )}
        {(!asked || asked.totp) && (
          <button type="submit" className="button button--primary" disabled={loading}>
            {t('logIn.submit')}
          </button>
        )}
      </form>
      {asked?.passkey && (
        <div className="page__aside">
          <FormError>{passkeyError}</FormError>
          <button type="button" className="button" disabled={loading || completing} onClick={() => void proveWithPasskey()}>
            {t('logIn.usePasskey')}
          </button>
        </div>
      )}
      {!asked && <PasskeyLogIn onLoggedIn={enter} />}
      <p className="page__aside">
        {/* The address typed so far goes along: the user does not type it twice. */}
        <Link to="/forgot-password" state={{ email: email.trim() }}>
          {t('password.forgot')}
        </Link>
      </p>
      <p className="page__aside">
        {t('logIn.noLogin')} <Link to="/pricing">{t('shell.signUp')}</Link>
      </p>
    </main>
  );
}
