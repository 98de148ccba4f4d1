import { useQuery } from '@apollo/client/react';
import { MeDocument } from '@kontor/sdk';
import { useSession } from '../../session/session';

/**
 * The signed-in user's membership in this tab's account. The UI only hides
 * what a role may not do; the server is the one that refuses it.
 */
export function useCurrentMembership() {
  const session = useSession();
  const { data } = useQuery(MeDocument);
  const accountId = session.status === 'signedIn' ? session.account?.id : undefined;
  const membership = data?.me.memberships.find((m) => m.account.id === accountId);
  const role = membership?.role;
  return {
    membership,
    slug: membership?.account.slug ?? (session.status === 'signedIn' ? session.account?.slug : undefined) ?? '',
    /** NORMAL members cannot delete (DESIGN.md). */
    mayDelete: role !== undefined && role !== 'NORMAL',
    /** Team and account settings: owners and co-owners. */
    mayManage: role === 'OWNER' || role === 'CO_OWNER',
  };
}
