import { useQuery } from '@apollo/client/react';
import { MeDocument } from '@kontor/sdk';
import { rightsOf, type Can } from './rights';
import { useSession } from './session';

/**
 * The signed-in user's membership in this tab's account, and `can(right)`
 * from the rights the server sent with it. The UI only hides what a member
 * may not do; the server is the one that refuses it.
 */
export function useCurrentMembership() {
  const session = useSession();
  const { data } = useQuery(MeDocument);
  const accountId = session.status === 'signedIn' ? session.account?.id : undefined;
  const membership = data?.me.memberships.find((m) => m.account.id === accountId);
  return {
    membership,
    slug: membership?.account.slug ?? (session.status === 'signedIn' ? session.account?.slug : undefined) ?? '',
    can: rightsOf(membership),
  };
}

/** `can('TEAM_MANAGE')`: whether the current member holds a right in this tab's account. */
export function useCan(): Can {
  return useCurrentMembership().can;
}
