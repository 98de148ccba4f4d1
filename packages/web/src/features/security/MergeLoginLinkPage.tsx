import { useMutation, useQuery } from '@apollo/client/react';
import { LoginMergeLinkDocument, MeDocument, MergeLoginByLinkDocument, SecurityEventsDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { logOut, useSession } from '../../session/session';
import { errorMessage, readError } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormError, Loading, ProgressBar } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { secondFactorAsked, withPasskeyProof, type SecondFactorAsked } from '../passkeys/passkey-second-factor';
import { UsePasskeyButton } from '../passkeys/UsePasskeyButton';

/**
 * The link of a merge mail (/merge-login/<token>), opened while signed in
 * (a signed-out visitor logs in first and comes back). It says which login
 * would be merged into the signed-in one; confirming merges it, after that
 * login's second factor when it has one. The link works only for the login
 * that asked for it: another one is told to log in with that one.
 */
export default function MergeLoginLinkPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const preview = useQuery(LoginMergeLinkDocument, { variables: { token }, fetchPolicy: 'network-only' });
  const [merge, { loading }] = useMutation(MergeLoginByLinkDocument, { refetchQueries: [{ query: MeDocument }, { query: SecurityEventsDocument }], awaitRefetchQueries: true });
  const [asked, setAsked] = useState<SecondFactorAsked>();
  const [twoFactorCode, setTwoFactorCode] = useState('');
  const [merged, setMerged] = useState(false);
  const errors = useFieldErrors(['twoFactorCode'] as const);
  const me = session.status === 'signedIn' ? session.user.email : '';
  const email = preview.data?.loginMergeLink.email ?? '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await merge({ variables: { token, twoFactorCode: asked?.totp ? twoFactorCode : undefined } });
      setMerged(true);
    } catch (error) {
      const second = asked ? undefined : secondFactorAsked(error);
      if (second) setAsked(second);
      else errors.show(error, { INVALID_CODE: 'twoFactorCode', TWO_FACTOR_CODE_REQUIRED: 'twoFactorCode' });
    }
  }

  async function mergeWithPasskey() {
    errors.clear();
    await withPasskeyProof((proof) => merge({ variables: { token, ...proof } }));
    setMerged(true);
  }

  function body() {
    if (preview.loading) return <Loading />;
    if (preview.error) {
      const otherLogin = readError(preview.error).code === 'MERGE_LINK_OTHER_LOGIN';
      return (
        <>
          <FormError>{errorMessage(t, preview.error)}</FormError>
          {otherLogin && (
            <button type="button" className="button" onClick={() => void logOut().finally(() => navigate(`/login?next=${encodeURIComponent(`/merge-login/${token}`)}`))}>
              {t('mergeLogin.logOutFirst')}
            </button>
          )}
        </>
      );
    }
    if (merged) {
      return (
        <>
          <p className="form-success" role="status">
            {t('mergeLogin.done', { email })}
          </p>
          <p className="page__aside">
            <Link to="/accounts" className="button button--primary">
              {t('mergeLogin.toAccounts')}
            </Link>
          </p>
        </>
      );
    }
    return (
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="page__lead">{t('mergeLogin.pageLead', { email, me })}</p>
        <FormError>{errors.formError}</FormError>
        {asked?.totp && (
          <Field
            label={t('mergeLogin.pageCode', { email })}
            name="twoFactorCode"
            autoComplete="one-time-code"
            required
            value={twoFactorCode}
            onChange={(e) => setTwoFactorCode(e.target.value)}
            error={errors.fieldErrors.twoFactorCode}
          />
        )}
        {(!asked || asked.totp) && (
          <button type="submit" className="button button--primary" disabled={loading}>
            {t('mergeLogin.submit')}
          </button>
        )}
        {asked?.passkey && <UsePasskeyButton prove={mergeWithPasskey} onRefused={(error) => errors.show(error)} disabled={loading} />}
      </form>
    );
  }

  return (
    <main className="page page--narrow" data-testid="merge-login-link">
      {loading && <ProgressBar />}
      <h1>{t('mergeLogin.pageTitle')}</h1>
      {body()}
    </main>
  );
}
