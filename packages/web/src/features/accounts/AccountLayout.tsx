import { useQuery } from '@apollo/client/react';
import { MeDocument } from '@kontor/sdk';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Outlet, useParams } from 'react-router';
import { useApolloClient } from '@apollo/client/react';
import { forgetAccountToken, getSession, onAccessRefused, onSecondFactorRequired, switchAccount, useSession } from '../../session/session';
import { errorCode } from '../../ui/errors';
import { ErrorState, Loading } from '../../ui/States';
import { AccountBar } from './AccountBar';
import { NoAccess } from './NoAccess';
import { useMenu } from '../shell/menu';

// Shown only where an account requires a second factor the login lacks: loaded then, not with every page.
const TwoFactorGate = lazy(() => import('../twofactor/TwoFactorGate').then((m) => ({ default: m.TwoFactorGate })));

/**
 * Everything under /a/<slug>/. The URL decides the account: when this tab's
 * token is scoped to another one, the tab switches (no reload, no log-in) and
 * renders the screens only once the new token and an empty cache are in
 * place, so nothing of the previous account can appear.
 */
export function AccountLayout() {
  const { slug = '' } = useParams();
  const session = useSession();
  const me = useQuery(MeDocument);
  const client = useApolloClient();
  const [problem, setProblem] = useState<{ slug: string; kind: 'noAccess' | 'twoFactor' | 'error'; error?: unknown }>();
  /** Counts the set-ups of a second factor done here: each one tries the account again. */
  const [attempt, setAttempt] = useState(0);
  const switchingTo = useRef<string>(undefined);
  const account = session.status === 'signedIn' ? session.account : null;
  const inAccount = account?.slug === slug;

  // A refused request may mean that this tab's membership has ended (left in
  // another tab, deactivated, the account deleted): the fresh memberships tell.
  const { refetch } = me;
  useEffect(
    () =>
      onAccessRefused(() => {
        const now = getSession();
        const current = now.status === 'signedIn' ? now.account : null;
        if (!current) return;
        refetch()
          .then(({ data }) => {
            if (data?.me.memberships.some((m) => m.account.id === current.id && m.status === 'ACTIVE')) return;
            forgetAccountToken(current.id);
            setProblem({ slug: current.slug, kind: 'noAccess' });
          })
          .catch(() => undefined);
      }),
    [refetch],
  );

  // The account requires a second factor (turned on while this tab was in it): the set-up in place of its screens.
  useEffect(
    () =>
      onSecondFactorRequired(() => {
        const now = getSession();
        if (now.status === 'signedIn' && now.account) setProblem({ slug: now.account.slug, kind: 'twoFactor' });
      }),
    [],
  );

  useEffect(() => {
    if (inAccount || !me.data || switchingTo.current === slug) return;
    const membership = me.data.me.memberships.find((m) => m.account.slug === slug && m.status === 'ACTIVE');
    if (!membership) {
      setProblem({ slug, kind: 'noAccess' });
      return;
    }
    setProblem(undefined);
    switchingTo.current = slug;
    switchAccount(membership.account.id)
      .catch((error: unknown) => {
        const code = errorCode(error);
        setProblem({ slug, kind: code === 'TWO_FACTOR_REQUIRED' ? 'twoFactor' : code === 'NOT_FOUND' || code === 'FORBIDDEN' ? 'noAccess' : 'error', error });
      })
      .finally(() => {
        if (switchingTo.current === slug) switchingTo.current = undefined;
      });
  }, [slug, inAccount, me.data, attempt]);

  /** After the set-up: the token this tab holds works again, or the switch is tried once more. */
  function continueAfterSetUp() {
    setProblem(undefined);
    if (inAccount) void client.refetchQueries({ include: 'active' });
    else setAttempt((n) => n + 1);
  }
  const accountName = me.data?.me.memberships.find((m) => m.account.slug === slug)?.account.name ?? slug;

  const current = problem?.slug === slug ? problem : undefined;
  // While the phone's menu covers the screen, what lies under it takes no focus.
  const { open: menuOpen } = useMenu();
  return (
    <div className="workspace">
      <AccountBar slug={slug} />
      <main className="workspace__main" data-testid="workspace" inert={menuOpen}>
        {current?.kind === 'noAccess' ? (
          <NoAccess slug={slug} />
        ) : current?.kind === 'twoFactor' ? (
          <Suspense fallback={<Loading />}>
            <TwoFactorGate accountName={accountName} onDone={continueAfterSetUp} />
          </Suspense>
        ) : current?.kind === 'error' ? (
          <ErrorState error={current.error} onRetry={() => setProblem(undefined)} />
        ) : me.error && !inAccount ? (
          <ErrorState error={me.error} onRetry={() => void me.refetch()} />
        ) : inAccount ? (
          // A new key per account: no state of the previous account's screens survives the switch.
          <Outlet key={account.id} />
        ) : (
          <Loading />
        )}
      </main>
    </div>
  );
}
