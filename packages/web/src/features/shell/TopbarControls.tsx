import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { currentLanguage, languageNames, languages } from '../../i18n/i18n';
import { useChangeLanguage } from '../../i18n/useChangeLanguage';
import { logOut, useSession } from '../../session/session';
import { paths } from '../../ui/paths';

/** The language, who is signed in and "log out": at the end of the top bar, and at the end of the phone's menu. */
export function TopbarControls() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const changeLanguage = useChangeLanguage();
  return (
    <>
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
          <button type="button" className="button button--quiet" onClick={() => void logOut().finally(() => navigate('/login'))}>
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
    </>
  );
}
