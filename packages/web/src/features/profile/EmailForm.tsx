import { useMutation } from '@apollo/client/react';
import { RequestEmailChangeDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { retryAfterMinutes } from '../verification/retry-after';

const fields = ['email', 'currentPassword'] as const;

/** A new address: the password proves the person, the link mailed to the new address proves the mailbox. */
export function EmailForm(props: { email: string }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [ask, { loading }] = useMutation(RequestEmailChangeDocument);
  const errors = useFieldErrors(fields);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setSentTo(undefined);
    try {
      await ask({ variables: { email, password } });
      setPassword('');
      setSentTo(email);
    } catch (error) {
      const minutes = retryAfterMinutes(error);
      if (minutes) errors.showField('email', t('verification.tooMany', { count: minutes }));
      else errors.show(error, { CONFLICT: 'email' });
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="email-form">
      <p className="page__lead">{t('profile.emailNow', { email: props.email })}</p>
      <FormError>{errors.formError}</FormError>
      <Field label={t('profile.newEmail')} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fieldErrors.email} />
      <Field label={t('password.current')} name="currentPassword" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fieldErrors.currentPassword} />
      {sentTo && (
        <p className="form-success" role="status">
          {t('profile.emailSent', { email: sentTo })}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={loading}>
        {t('profile.changeEmail')}
      </button>
    </form>
  );
}
