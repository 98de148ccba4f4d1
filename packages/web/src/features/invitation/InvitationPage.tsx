import { useApolloClient, useMutation } from '@apollo/client/react';
import { AcceptInvitationDocument, MeDocument, SignUpDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { currentLanguage } from '../../i18n/i18n';
import { adopt, useSession } from '../../session/session';
import { Field } from '../../ui/Field';
import { paths } from '../../ui/paths';
import { FormError, Loading, ProgressBar } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';

/**
 * The link of an invitation mail (/invitation/<token>). Signed in: accept with
 * one click. Signed out: sign up with the invited address (or log in and come
 * back here). Either way the tab then opens the account joined.
 */
export default function InvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const client = useApolloClient();
  const [accept, accepting] = useMutation(AcceptInvitationDocument);
  const [signUp, signingUp] = useMutation(SignUpDocument);
  const [form, setForm] = useState({ email: '', password: '', name: '' });
  const errors = useFieldErrors(['email', 'password', 'name', 'token'] as const);

  async function open(auth: Parameters<typeof adopt>[0]) {
    adopt(auth);
    await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    navigate(auth.account ? paths.people(auth.account.slug) : '/accounts', { replace: true });
  }

  async function acceptSignedIn() {
    errors.clear();
    try {
      const { data } = await accept({ variables: { token } });
      await open(data!.acceptInvitation);
    } catch (e) {
      errors.show(e);
    }
  }

  async function signUpAndAccept(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      const { data } = await signUp({
        variables: { input: { ...form, name: form.name || undefined, invitationToken: token, locale: currentLanguage() } },
      });
      await open(data!.signUp.auth);
    } catch (e) {
      errors.show(e, { INVALID_CREDENTIALS: 'password' });
    }
  }

  if (session.status === 'loading') return <Loading />;
  return (
    <main className="page page--narrow" data-testid="invitation">
      {(accepting.loading || signingUp.loading) && <ProgressBar />}
      <h1>{t('invitation.title')}</h1>
      {session.status === 'signedIn' ? (
        <>
          <p>{t('invitation.signedIn', { email: session.user.email })}</p>
          <FormError>{errors.formError ?? errors.fieldErrors.token}</FormError>
          <button type="button" className="button button--primary" disabled={accepting.loading} onClick={() => void acceptSignedIn()}>
            {t('invitation.accept')}
          </button>
        </>
      ) : (
        <>
          <p className="page__lead">{t('invitation.signUp')}</p>
          <form className="form" onSubmit={(e) => void signUpAndAccept(e)} noValidate>
            <FormError>{errors.formError ?? errors.fieldErrors.token}</FormError>
            <Field label={t('signUp.email')} name="email" type="email" autoComplete="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={errors.fieldErrors.email} />
            <Field label={t('signUp.password')} name="password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} error={errors.fieldErrors.password} hint={t('signUp.passwordHint')} />
            <Field label={t('invitation.name')} name="name" autoComplete="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errors.fieldErrors.name} />
            <button type="submit" className="button button--primary" disabled={signingUp.loading}>
              {t('invitation.join')}
            </button>
          </form>
          <p className="page__aside">
            {t('pricing.haveLogin')} <Link to={`/login?next=${encodeURIComponent(`/invitation/${token}`)}`}>{t('shell.logIn')}</Link>
          </p>
        </>
      )}
    </main>
  );
}
