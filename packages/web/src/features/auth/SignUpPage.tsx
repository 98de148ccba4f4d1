import { useMutation, useQuery } from '@apollo/client/react';
import { PlansDocument, SignUpDocument } from '@kontor/sdk';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useFormat } from '../../i18n/format';
import { currentLanguage } from '../../i18n/i18n';
import { adopt, useSession } from '../../session/session';
import { Field, SelectField } from '../../ui/Field';
import { paths } from '../../ui/paths';
import { QueryStates } from '../../ui/QueryStates';
import { FormError, ProgressBar } from '../../ui/States';
import { useFieldErrors } from './useFieldErrors';

const fields = ['planCode', 'firstName', 'lastName', 'email', 'password', 'accountName'] as const;

/** Package, name, e-mail, password and account name. A known e-mail with its password leads to the choice of account. */
export default function SignUpPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const plans = useQuery(PlansDocument);
  const [signUp, { loading: sending }] = useMutation(SignUpDocument);
  const [planCode, setPlanCode] = useState(params.get('plan') ?? 'TEAM');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [accountName, setAccountName] = useState('');
  const errors = useFieldErrors(fields);
  const session = useSession();
  // Set on sending: the sign-up itself signs the tab in, and must not turn into the redirect below.
  const submitted = useRef(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    submitted.current = true;
    errors.clear();
    try {
      const { data } = await signUp({ variables: { input: { planCode, firstName, lastName, email, password, accountName, locale: currentLanguage() } } });
      const { outcome, auth } = data!.signUp;
      adopt(auth);
      if (outcome === 'ACCOUNT_CREATED' && auth.account) navigate(paths.account(auth.account.slug));
      else navigate('/welcome-back', { state: { accountName, planCode } });
    } catch (error) {
      errors.show(error, { INVALID_CREDENTIALS: 'password' });
    }
  }

  // Signed in already: the same choice as after signing up again, without the password.
  if (session.status === 'signedIn' && !submitted.current) return <Navigate to="/welcome-back" replace state={{ planCode, signedIn: true }} />;
  return (
    <QueryStates data={plans.data} loading={plans.loading} error={plans.error} onRetry={plans.refetch}>
      {(loaded) => (
        <main className="page page--narrow">
          {sending && <ProgressBar />}
          <h1>{t('signUp.title')}</h1>
          <form className="form" onSubmit={(e) => void submit(e)} noValidate>
            <FormError>{errors.formError}</FormError>
            <SelectField
              label={t('signUp.plan')}
              name="planCode"
              value={planCode}
              onChange={setPlanCode}
              error={errors.fieldErrors.planCode}
              options={loaded.plans.map((p) => ({ value: p.code, label: `${p.name} · ${format.money(p.priceCents)} ${t('pricing.perMonth')}` }))}
            />
            <Field label={t('profile.firstName')} name="firstName" autoComplete="given-name" required value={firstName} onChange={(e) => setFirstName(e.target.value)} error={errors.fieldErrors.firstName} />
            <Field label={t('profile.lastName')} name="lastName" autoComplete="family-name" required value={lastName} onChange={(e) => setLastName(e.target.value)} error={errors.fieldErrors.lastName} />
            <Field label={t('signUp.email')} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fieldErrors.email} />
            <Field
              label={t('signUp.password')}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={errors.fieldErrors.password}
              hint={t('signUp.passwordHint')}
            />
            <Field
              label={t('signUp.accountName')}
              name="accountName"
              required
              value={accountName}
              onChange={(e) => setAccountName(e.target.value)}
              error={errors.fieldErrors.accountName}
              hint={t('signUp.accountNameHint')}
            />
            <button type="submit" className="button button--primary" disabled={sending}>
              {t('signUp.submit')}
            </button>
          </form>
          <p className="page__aside">
            {t('pricing.haveLogin')} <Link to="/login">{t('shell.logIn')}</Link>
          </p>
        </main>
      )}
    </QueryStates>
  );
}
