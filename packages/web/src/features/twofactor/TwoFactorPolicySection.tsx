import { useMutation, useQuery } from '@apollo/client/react';
import { MembersDocument, SetTwoFactorRequiredDocument, TwoFactorPolicyDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../ui/errors';
import { paths } from '../../ui/paths';
import { FormError } from '../../ui/States';

/**
 * The owner's switch "two-factor authentication required" for this account.
 * Turning it on needs the owner's own second factor, TOTP or a passkey (the server refuses
 * otherwise); until then the switch points to the profile.
 */
export function TwoFactorPolicySection() {
  const { t } = useTranslation();
  const policy = useQuery(TwoFactorPolicyDocument);
  const [setRequired, { loading }] = useMutation(SetTwoFactorRequiredDocument, { refetchQueries: [{ query: MembersDocument }] });
  const [error, setError] = useState<string>();
  const required = policy.data?.currentAccount?.twoFactorRequired ?? false;
  const ownSecondFactor = policy.data?.me.user.hasSecondFactor ?? false;
  async function toggle(next: boolean) {
    setError(undefined);
    try {
      const id = policy.data!.currentAccount!.id;
      // Shown at once; a refusal puts the switch back.
      const optimistic = { __typename: 'Account' as const, id, twoFactorRequired: next };
      await setRequired({ variables: { required: next }, optimisticResponse: { setTwoFactorRequired: optimistic } });
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }
  if (!policy.data) return null;
  return (
    <section className="profile-section" data-testid="two-factor-policy">
      <h2>{t('twoFactor.policyTitle')}</h2>
      <FormError>{error}</FormError>
      <label className="checkbox">
        <input type="checkbox" name="twoFactorRequired" checked={required} disabled={loading || (!required && !ownSecondFactor)} onChange={(e) => void toggle(e.target.checked)} />
        {t('twoFactor.policyLabel')}
      </label>
      <p className="field__hint">{t('twoFactor.policyHint')}</p>
      {!ownSecondFactor && !required && (
        <p className="field__hint" data-testid="two-factor-policy-needs-own">
          {t('twoFactor.policyNeedsOwn')} <Link to={paths.profile}>{t('profile.title')}</Link>
        </p>
      )}
    </section>
  );
}
