import { useQuery } from '@apollo/client/react';
import { AccountBadgesDocument, type AccountBadgesQuery } from '@kontor/sdk';
import { useEffect } from 'react';
import { localDay } from './local-day';

type Badge = AccountBadgesQuery['accountBadges'][number];

/** Asked again this often while the tab is visible, and at once when the tab comes back into view. */
const pollMs = 60_000;

/**
 * Per account (by ID): the user's overdue tasks and the invitations waiting
 * for an answer. One cheap query (a count per account), polled while the
 * tab is visible and refetched when it is focused again, so the account bar
 * stays current without a reload.
 */
export function useAccountBadges(): Map<string, Badge> {
  const { data, refetch, startPolling, stopPolling } = useQuery(AccountBadgesDocument, { variables: { today: localDay() }, fetchPolicy: 'cache-and-network' });
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        void refetch({ today: localDay() }).catch(() => undefined);
        startPolling(pollMs);
      } else stopPolling();
    };
    const onFocus = () => void refetch({ today: localDay() }).catch(() => undefined);
    startPolling(pollMs);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('focus', onFocus);
    return () => {
      stopPolling();
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('focus', onFocus);
    };
  }, [refetch, startPolling, stopPolling]);
  return new Map((data?.accountBadges ?? []).map((badge) => [badge.account.id, badge]));
}
