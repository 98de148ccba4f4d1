import { useMutation } from '@apollo/client/react';
import { ResetPasswordDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Field } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';

const fields = ['password'] as const;

/** The link of a reset mail (/reset-password/<token>): a new password, then the log-in (every session has ended). */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [reset, { loading }] = useMutation(ResetPasswordDocument);
  const errors = useFieldErrors(fields);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await reset({ variables: { token, password } });
      setDone(true);
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <main className="page page--narrow" data-testid="reset-password">
      {loading && <ProgressBar />}
      <h1>{t('password.resetTitle')}</h1>
      {done ? (
        <>
          <p className="form-success" role="status">
            {t('password.resetDone')}
          </p>
          <p className="page__aside">
            <Link to="/login" className="button button--primary">
              {t('shell.logIn')}
            </Link>
          </p>
        </>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <FormError>{errors.formError}</FormError>
          <Field
            label={t('password.newPassword')}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.fieldErrors.password}
            hint={t('signUp.passwordHint')}
          />
          <button type="submit" className="button button--primary" disabled={loading}>
            {t('password.setNew')}
          </button>
        </form>
      )}
    </main>
  );
}
