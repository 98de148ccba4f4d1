import { useTranslation } from 'react-i18next';
import { PasskeysSection } from '../passkeys/PasskeysSection';
import { TwoFactorSetup } from './TwoFactorSetup';

/**
 * Shown in place of an account's screens when the account requires a second
 * factor this login lacks: the set-up right here (an authenticator app, or
 * a passkey: either is a second factor), then `onDone` continues
 * into the account. Nothing else changes, so the user's other accounts keep
 * working in their tabs.
 */
export function TwoFactorGate({ accountName, onDone }: { accountName: string; onDone(): void }) {
  const { t } = useTranslation();
  return (
    <section className="page page--narrow" data-testid="two-factor-required">
      <h1>{t('twoFactor.requiredTitle')}</h1>
      <p className="page__lead">{t('twoFactor.requiredLead', { account: accountName })}</p>
      <TwoFactorSetup onDone={onDone} />
      <h2>{t('twoFactor.orPasskey')}</h2>
      <PasskeysSection onAdded={onDone} />
    </section>
  );
}
