import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate } from 'react-router';
import { currentLanguage, languageNames, languages } from '../../i18n/i18n';
import { useChangeLanguage } from '../../i18n/useChangeLanguage';
import { paths } from '../../ui/paths';
import { logOut, useSession } from '../../session/session';
import { VerifyEmailBanner } from '../verification/VerifyEmailBanner';

/** The page frame: the product's name, the language, and who is signed in. */
export function Frame() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const changeLanguage = useChangeLanguage();

  return (
    <div className="frame">
      <header className="topbar">
        <Link to="/" className="topbar__brand">
          Kontor
        </Link>
        <div className="topbar__end">
          <label className="topbar__language">
            <span className="visually-hidden">{t('shell.language')}</span>
            <select value={currentLanguage()} onChange={(e) => changeLanguage(e.target.value)} data-testid="language">
              {languages.map((l) => (
                <option key={l} value={l}>
                  {languageNames[l]}
                </option>
              ))}
            </select>
          </label>
          {session.status === 'signedIn' ? (
            <>
              <Link to={paths.profile} className="topbar__user" data-testid="user" title={t('profile.title')}>
                {session.user.name}
              </Link>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => void logOut().finally(() => navigate('/login'))}
              >
                {t('shell.logOut')}
              </button>
            </>
          ) : session.status === 'signedOut' ? (
            <>
              <Link to="/login" className="button button--quiet">
                {t('shell.logIn')}
              </Link>
              <Link to="/pricing" className="button button--primary">
                {t('shell.signUp')}
              </Link>
            </>
          ) : null}
        </div>
      </header>
      <VerifyEmailBanner />
      <Outlet />
    </div>
  );
}
