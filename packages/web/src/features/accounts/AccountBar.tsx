import { useQuery } from '@apollo/client/react';
import { MeDocument } from '@kontor/sdk';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation } from 'react-router';
import { useCan } from '../../session/useCurrentMembership';
import { paths } from '../../ui/paths';
import { PendingInvitations } from '../invitation/PendingInvitations';
import { useAccountBadges } from '../mywork/useAccountBadges';
import { useQuickSwitcherKey } from '../switcher/useQuickSwitcherKey';
import { useMenu } from '../shell/menu';
import { TopbarControls } from '../shell/TopbarControls';

// Loaded on first use: the first load carries only the key binding, and the button that creates an account.
const QuickSwitcher = lazy(() => import('../switcher/QuickSwitcher'));
const CreateAccountDialog = lazy(() => import('./CreateAccountDialog').then((m) => ({ default: m.CreateAccountDialog })));

/** The sections of an account, in the order of the side bar; a section with a right is shown only to members who hold it. */
const sections = [
  { path: 'my-work', key: 'across.nav.myWork' },
  { path: 'search', key: 'nav.search' },
  { path: 'people', key: 'nav.people' },
  { path: 'companies', key: 'nav.companies' },
  { path: 'deals', key: 'nav.deals' },
  { path: 'tasks', key: 'nav.tasks' },
  { path: 'tags', key: 'nav.tags' },
  { path: 'imports', key: 'nav.imports', right: 'RECORDS_IMPORT' },
  { path: 'team', key: 'nav.team' },
  { path: 'overview', key: 'nav.overview' },
  { path: 'billing', key: 'nav.billing', right: 'BILLING_MANAGE' },
  { path: 'integrations', key: 'nav.integrations', right: 'API_KEYS_MANAGE' },
  { path: 'fields', key: 'nav.fields', right: 'FIELDS_MANAGE' },
  { path: 'audit', key: 'audit.nav', right: 'AUDIT_READ' },
] as const;

/**
 * Always visible inside an account: the user's accounts (the current one
 * marked; a click switches this tab), "create account", and the sections.
 * On a phone it is a drawer behind the top bar's "menu" button (see useMenuDrawer).
 */
export function AccountBar({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const { data } = useQuery(MeDocument);
  const location = useLocation();
  const [creating, setCreating] = useState(false);
  const can = useCan();
  // Switching keeps the section: from /a/x/people to /a/y/people (but not into a record of x).
  const section = location.pathname.split('/')[3] ?? '';
  const memberships = (data?.me.memberships ?? []).filter((m) => m.status === 'ACTIVE');
  const badges = useAccountBadges();
  const [switching, setSwitching] = useState(false);
  // Focus goes back where it was when the switcher closes without a jump.
  const focusedBefore = useRef<Element | null>(null);
  const openSwitcher = useCallback(() => {
    focusedBefore.current = document.activeElement;
    setSwitching(true);
  }, []);
  const closeSwitcher = useCallback(() => {
    setSwitching(false);
    if (focusedBefore.current instanceof HTMLElement) focusedBefore.current.focus();
  }, []);
  useQuickSwitcherKey(openSwitcher);
  const menu = useMenuDrawer();

  return (
    <nav id="account-menu" ref={menu.ref} className={`account-bar${menu.open ? ' is-open' : ''}`} aria-label={t('accounts.bar')} onClick={menu.onClick}>
      <button type="button" className="button button--quiet account-bar__jump" onClick={openSwitcher} aria-keyshortcuts="Control+K Meta+K">
        {t('across.switcher.open')} <kbd>{t('across.switcher.key')}</kbd>
      </button>
      {switching && (
        <Suspense fallback={null}>
          <QuickSwitcher onClose={closeSwitcher} />
        </Suspense>
      )}
      <h2 className="account-bar__heading">{t('accounts.title')}</h2>
      <ul className="account-bar__accounts" data-testid="account-switcher">
        {memberships.map((m) => {
          const isCurrent = m.account.slug === slug;
          return (
            <li key={m.id}>
              <Link
                to={paths.account(m.account.slug, section)}
                className={`account-bar__account${isCurrent ? ' is-current' : ''}`}
                aria-current={isCurrent ? 'page' : undefined}
              >
                <span className="account-bar__initial" aria-hidden="true">
                  {m.account.name.slice(0, 1).toUpperCase()}
                </span>
                {m.account.name}
                <AccountBadges overdueTasks={badges.get(m.account.id)?.overdueTasks ?? 0} pendingInvitations={badges.get(m.account.id)?.pendingInvitations ?? 0} />
              </Link>
            </li>
          );
        })}
      </ul>
      <button type="button" className="button button--quiet account-bar__create" onClick={() => setCreating(true)}>
        + {t('accounts.create')}
      </button>
      {creating && (
        <Suspense fallback={null}>
          <CreateAccountDialog open onClose={() => setCreating(false)} />
        </Suspense>
      )}
      <PendingInvitations />
      <h2 className="account-bar__heading">{t('nav.title')}</h2>
      <ul className="account-bar__sections">
        {sections.filter((s) => !('right' in s) || can(s.right)).map((s) => (
          <li key={s.key}>
            <NavLink to={paths.account(slug, s.path)} className="account-bar__section">
              {t(s.key)}
            </NavLink>
          </li>
        ))}
      </ul>
      {menu.open && (
        <div className="account-bar__me" data-testid="menu-me">
          <TopbarControls />
        </div>
      )}
    </nav>
  );
}

/**
 * The account bar as the phone's menu: when it opens, focus moves into it;
 * Escape closes it and returns focus to the menu button; going to another
 * screen (a section, an account) or a tap on any of its links closes it.
 */
function useMenuDrawer() {
  const menu = useMenu();
  const ref = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const { open, close } = menu;
  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector<HTMLElement>('[aria-current=page], a, button')?.focus();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      // Escape in a dialog opened from the menu (the quick switcher, "create account") closes only that dialog.
      if (event.key === 'Escape' && !document.querySelector('dialog[open]')) close(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, close]);
  useEffect(() => close(), [pathname, close]);
  // A tap on a link closes it too, even one to the screen already shown.
  const onClick = (event: MouseEvent) => {
    if (open && event.target instanceof Element && event.target.closest('a')) close();
  };
  return { open, ref, onClick };
}

/** The counts next to an account's name; each says in words what it counts, for screen readers and on hover. */
function AccountBadges({ overdueTasks, pendingInvitations }: { overdueTasks: number; pendingInvitations: number }) {
  const { t } = useTranslation();
  return (
    <span className="account-bar__badges">
      {overdueTasks > 0 && (
        <span className="account-bar__badge account-bar__badge--overdue" data-testid="badge-overdue" title={t('across.badges.overdue', { count: overdueTasks })}>
          <span aria-hidden="true">{overdueTasks}</span>
          <span className="visually-hidden">{t('across.badges.overdue', { count: overdueTasks })}</span>
        </span>
      )}
      {pendingInvitations > 0 && (
        <span className="account-bar__badge" data-testid="badge-invitations" title={t('across.badges.invitations', { count: pendingInvitations })}>
          <span aria-hidden="true">✉ {pendingInvitations}</span>
          <span className="visually-hidden">{t('across.badges.invitations', { count: pendingInvitations })}</span>
        </span>
      )}
    </span>
  );
}
