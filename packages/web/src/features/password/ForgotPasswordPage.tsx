import { useMutation } from '@apollo/client/react';
import { RequestPasswordResetDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Field } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { retryAfterMinutes } from '../verification/retry-after';

const fields = ['email'] as const;

/** "Forgot your password?": the server answers the same for every address, so the page does too. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const location = useLocation();
  // Typed on the log-in page before the user clicked "Forgot your password?".
  const [email, setEmail] = useState(() => ((location.state ?? {}) as { email?: string }).email ?? '');
  const [sentTo, setSentTo] = useState<string>();
  const [ask, { loading }] = useMutation(RequestPasswordResetDocument);
  const errors = useFieldErrors(fields);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await ask({ variables: { email } });
      setSentTo(email);
    } catch (error) {
      const minutes = retryAfterMinutes(error);
      if (minutes) errors.showField('email', t('password.tooMany', { count: minutes }));
      else errors.show(error);
    }
  }

  return (
    <main className="page page--narrow" data-testid="forgot-password">
      {loading && <ProgressBar />}
      <h1>{t('password.forgotTitle')}</h1>
      {sentTo ? (
        <p className="form-success" role="status">
          {t('password.sent', { email: sentTo })}
        </p>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <p className="page__lead">{t('password.forgotLead')}</p>
          <FormError>{errors.formError}</FormError>
          <Field label={t('signUp.email')} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fieldErrors.email} />
          <button type="submit" className="button button--primary" disabled={loading}>
            {t('password.send')}
          </button>
        </form>
      )}
      <p className="page__aside">
        <Link to="/login">{t('shell.logIn')}</Link>
      </p>
    </main>
  );
}
