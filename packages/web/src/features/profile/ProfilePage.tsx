import { useQuery } from '@apollo/client/react';
import { ProfileDocument } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { currentLanguage, languageNames, languages } from '../../i18n/i18n';
import { useChangeLanguage } from '../../i18n/useChangeLanguage';
import { SelectField } from '../../ui/Field';
import { QueryStates } from '../../ui/QueryStates';
import { EmailForm } from './EmailForm';
import { NameForm } from './NameForm';
import { PasswordForm } from './PasswordForm';
import { TwoFactorSection } from '../twofactor/TwoFactorSection';
import { SecurityEventsSection } from '../security/SecurityEventsSection';
import { SessionsSection } from '../security/SessionsSection';
import { MergeLoginSection } from '../security/MergeLoginSection';
import { MergeLinkRequestForm } from '../security/MergeLinkRequestForm';
import { PasskeysSection } from '../passkeys/PasskeysSection';
import { CalendarFeedPanel } from '../calendar/CalendarFeedPanel';

/**
 * The signed-in user's own page, outside every account: a login opens all of
 * its accounts, so its name, language and security live here once.
 */
export default function ProfilePage() {
  const { t } = useTranslation();
  const profile = useQuery(ProfileDocument);
  const changeLanguage = useChangeLanguage();
  // A passkey proves the second factor wherever one is asked (password, recovery codes, turning TOTP off).
  const hasPasskey = (profile.data?.passkeys.length ?? 0) > 0;
  return (
    <main className="page page--narrow" data-testid="profile">
      <h1>{t('profile.title')}</h1>
      <QueryStates data={profile.data?.me.user} loading={profile.loading} error={profile.error} onRetry={profile.refetch}>
        {(user) => (
          <>
            <section className="profile-section" aria-labelledby="profile-name">
              <h2 id="profile-name">{t('profile.nameTitle')}</h2>
              <NameForm firstName={user.firstName} lastName={user.lastName} />
            </section>
            <section className="profile-section" aria-labelledby="profile-language">
              <h2 id="profile-language">{t('profile.languageTitle')}</h2>
              <SelectField
                label={t('shell.language')}
                name="locale"
                value={currentLanguage()}
                onChange={changeLanguage}
                options={languages.map((l) => ({ value: l, label: languageNames[l] }))}
              />
            </section>
            <section className="profile-section" aria-labelledby="profile-email">
              <h2 id="profile-email">{t('profile.emailTitle')}</h2>
              <EmailForm email={user.email} />
            </section>
            <section className="profile-section" aria-labelledby="profile-password">
              <h2 id="profile-password">{t('password.title')}</h2>
              <PasswordForm twoFactorEnabled={user.twoFactorEnabled} hasPasskey={hasPasskey} />
            </section>
            <section className="profile-section" aria-labelledby="profile-two-factor">
              <h2 id="profile-two-factor">{t('twoFactor.title')}</h2>
              <TwoFactorSection enabled={user.twoFactorEnabled} hasPasskey={hasPasskey} />
            </section>
            <section className="profile-section" aria-labelledby="profile-passkeys">
              <h2 id="profile-passkeys">{t('passkeys.title')}</h2>
              <PasskeysSection />
            </section>
            <section className="profile-section" aria-labelledby="profile-sessions">
              <h2 id="profile-sessions">{t('sessions.title')}</h2>
              <SessionsSection />
            </section>
            <section className="profile-section" aria-labelledby="profile-security-events">
              <h2 id="profile-security-events">{t('securityEvents.title')}</h2>
              <SecurityEventsSection />
            </section>
            <section className="profile-section" aria-labelledby="profile-merge">
              <h2 id="profile-merge">{t('mergeLogin.title')}</h2>
              <MergeLoginSection />
              <MergeLinkRequestForm />
            </section>
            <CalendarFeedPanel />
          </>
        )}
      </QueryStates>
    </main>
  );
}
