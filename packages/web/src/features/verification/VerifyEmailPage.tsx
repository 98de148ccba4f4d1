import { useApolloClient, useQuery } from '@apollo/client/react';
import { ConfirmEmailChangeDocument, MeDocument, VerifyEmailDocument } from '@kontor/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { updateSessionUser, useSession } from '../../session/session';
import { errorCode, errorMessage } from '../../ui/errors';
import { paths } from '../../ui/paths';
import { Loading } from '../../ui/States';

/**
 * A link works once, but React runs a mount effect twice in development: one
 * request per token and page load, shared by both runs.
 */
const attempts = new Map<string, Promise<{ email: string }>>();

/** What the link confirms: the login's address (/verify-email/…), or a new address asked for on the profile (/confirm-email/…). */
export type AddressLink = 'verify' | 'change';

/**
 * The link of a verification mail (/verify-email/<token>), or of an address
 * change (/confirm-email/<token>). Works logged in or not: the link itself is
 * the proof. Signed in, the verified user lands in
 * the cache, so the banner goes at once, and `me` is read again for the
 * invitations now shown.
 */
export default function VerifyEmailPage({ link = 'verify' }: { link?: AddressLink }) {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const session = useSession();
  const client = useApolloClient();
  const [state, setState] = useState<{ status: 'verifying' } | { status: 'verified'; email: string } | { status: 'failed'; error: unknown }>({
    status: 'verifying',
  });
  const signedIn = session.status === 'signedIn';
  const me = useQuery(MeDocument, { skip: !signedIn });
  // Opened from a mail, the tab has no account in its URL: continue into the current or the first active one.
  const account = (signedIn && session.account) || me.data?.me.memberships.find((m) => m.status === 'ACTIVE')?.account;

  useEffect(() => {
    let live = true;
    let attempt = attempts.get(token);
    if (!attempt) {
      attempt =
        link === 'verify'
          ? client.mutate({ mutation: VerifyEmailDocument, variables: { token } }).then(({ data }) => data!.verifyEmail)
          : client.mutate({ mutation: ConfirmEmailChangeDocument, variables: { token } }).then(({ data }) => data!.confirmEmailChange);
      attempts.set(token, attempt);
    }
    attempt.then(
      (user) => live && setState({ status: 'verified', email: user.email }),
      (error: unknown) => live && setState({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [token, client, link]);

  useEffect(() => {
    if (state.status === 'verified' && signedIn && link === 'change') updateSessionUser({ email: state.email });
    if (state.status === 'verified' && signedIn) void client.refetchQueries({ include: [MeDocument] }).catch(() => undefined);
  }, [state, signedIn, client, link]);

  if (state.status === 'verifying') return <Loading label={t('verification.verifying')} />;
  const code = state.status === 'failed' ? errorCode(state.error) : undefined;
  return (
    <main className="page page--narrow" data-testid="verify-email">
      <h1>{state.status === 'verified' ? t('verification.confirmedTitle') : t('verification.failedTitle')}</h1>
      {state.status === 'verified' ? (
        <p className="form-success" role="status">
          {t('verification.confirmed', { email: state.email })}
        </p>
      ) : (
        <p className="form-error" role="alert" data-code={code}>
          {errorMessage(t, state.error)}
        </p>
      )}
      {state.status === 'failed' && code !== 'VERIFICATION_LINK_USED' && <p className="page__lead">{t('verification.askAgain')}</p>}
      <p className="page__aside">
        <Link to={!signedIn ? '/login' : account ? paths.people(account.slug) : '/accounts'} className="button button--primary">
          {signedIn ? t('verification.continue') : t('shell.logIn')}
        </Link>
      </p>
    </main>
  );
}
