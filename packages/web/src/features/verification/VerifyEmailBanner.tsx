import { useMutation, useQuery } from '@apollo/client/react';
import { MeDocument, ResendVerificationEmailDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { errorMessage } from '../../ui/errors';
import { retryAfterMinutes } from './retry-after';

/**
 * "Confirm your address" for a signed-in user whose address is not verified,
 * with a button that mails a new link. It reads `me` from the cache, so it
 * disappears as soon as a verification (on /verify-email/…) updates the user.
 */
export function VerifyEmailBanner() {
  const { t } = useTranslation();
  const session = useSession();
  const { data } = useQuery(MeDocument, { skip: session.status !== 'signedIn' });
  const [resend, { loading }] = useMutation(ResendVerificationEmailDocument);
  const [outcome, setOutcome] = useState<{ sent: true } | { error: string }>();
  const user = data?.me.user;
  if (session.status !== 'signedIn' || !user || user.emailVerified) return null;

  async function send() {
    setOutcome(undefined);
    try {
      await resend();
      setOutcome({ sent: true });
    } catch (e) {
      const minutes = retryAfterMinutes(e);
      setOutcome({ error: minutes ? t('verification.tooMany', { count: minutes }) : errorMessage(t, e) });
    }
  }

  return (
    <div className="notice" data-testid="verify-email-banner">
      <span>{t('verification.banner', { email: user.email })}</span>
      {outcome && 'sent' in outcome && (
        <span className="notice__done" role="status">
          {t('verification.sent', { email: user.email })}
        </span>
      )}
      {outcome && 'error' in outcome && (
        <span className="field__error" role="alert">
          {outcome.error}
        </span>
      )}
      <button type="button" className="button button--quiet" disabled={loading} onClick={() => void send()}>
        {t('verification.resend')}
      </button>
    </div>
  );
}
