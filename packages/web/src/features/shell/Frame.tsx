import { useTranslation } from 'react-i18next';
import { Link, Outlet, useMatch } from 'react-router';
import { accountRoute } from '../../ui/paths';
import { VerifyEmailBanner } from '../verification/VerifyEmailBanner';
import { MenuProvider, useMenu } from './menu';
import { TopbarControls } from './TopbarControls';

/**
 * The page frame: the product's name, the language, and who is signed in.
 * Inside an account on a phone, a "menu" button takes their place and opens
 * the account bar as a drawer (which then holds them too).
 */
export function Frame() {
  return (
    <MenuProvider>
      <FrameContent />
    </MenuProvider>
  );
}

function FrameContent() {
  const { t } = useTranslation();
  const inAccount = useMatch(`${accountRoute}/*`) !== null;
  const menu = useMenu();

  return (
    <div className="frame">
      <header className={`topbar${inAccount ? ' topbar--menu' : ''}`}>
        <Link to="/" className="topbar__brand">
          Kontor
        </Link>
        {inAccount && (
          <button
            ref={menu.button}
            type="button"
            className="button topbar__menu"
            aria-expanded={menu.open}
            aria-controls="account-menu"
            onClick={menu.toggle}
            data-testid="menu-button"
          >
            <span className="topbar__menu-icon" aria-hidden="true" />
            {t('shell.menu')}
          </button>
        )}
        <div className="topbar__end">
          <TopbarControls />
        </div>
      </header>
      <VerifyEmailBanner />
      <Outlet />
    </div>
  );
}
