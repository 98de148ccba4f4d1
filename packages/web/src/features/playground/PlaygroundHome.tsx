import { Navigate, useSearchParams } from 'react-router';
import { useSession } from '../../session/session';
import { paths } from '../../ui/paths';
import { Loading } from '../../ui/States';

/** /playground (where /graphql in a browser lands): the playground of `?account=` or of this tab's account. */
export default function PlaygroundHome() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.status === 'loading') return <Loading />;
  const slug = params.get('account') ?? (session.status === 'signedIn' ? session.account?.slug : undefined);
  return <Navigate to={slug ? paths.playground(slug) : '/accounts'} replace />;
}
