import { useMutation } from '@apollo/client/react';
import { RequestLoginMergeLinkDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { retryAfterMinutes } from '../verification/retry-after';

/**
 * Merging another login without its password: a link mailed to its address
 * (/merge-login/<token>, MergeLoginLinkPage), which works for this login only.
 * The answer is the same whether the address has a login or not.
 */
export function MergeLinkRequestForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [request, { loading }] = useMutation(RequestLoginMergeLinkDocument);
  const errors = useFieldErrors(['email'] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setSentTo(undefined);
    try {
      await request({ variables: { email } });
      setSentTo(email);
      setEmail('');
    } catch (error) {
      // Links are limited per address and hour, as password resets: "wait a minute" would be wrong.
      const minutes = retryAfterMinutes(error);
      if (minutes) errors.showField('email', t('verification.tooMany', { count: minutes }));
      else errors.show(error, { SAME_LOGIN: 'email' });
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="merge-link-request">
      <h3>{t('mergeLogin.linkTitle')}</h3>
      <p className="page__lead">{t('mergeLogin.linkLead')}</p>
      <FormError>{errors.formError}</FormError>
      <Field label={t('mergeLogin.email')} name="email" type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fieldErrors.email} />
      {sentTo && (
        <p className="form-success" role="status">
          {t('mergeLogin.linkSent', { email: sentTo })}
        </p>
      )}
      <button type="submit" className="button" disabled={loading}>
        {t('mergeLogin.linkSubmit')}
      </button>
    </form>
  );
}
