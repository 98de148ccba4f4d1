import { lazy, Suspense } from 'react';
import type { PlaygroundPageProps } from './PlaygroundPage';

const PlaygroundPage = lazy(() => import('./PlaygroundPage'));

/** Where the playground lives; also reachable as /a/<slug>/playground. */
export const playgroundPath = '/playground';

/** The playground behind a lazy import: GraphiQL and its editor load only when the page is opened. */
export function PlaygroundRoute(props: PlaygroundPageProps) {
  return (
    <Suspense fallback={<p className="playground__loading">Loading the GraphQL playground…</p>}>
      <PlaygroundPage {...props} />
    </Suspense>
  );
}

export const isPlaygroundPath = (pathname: string) => pathname === playgroundPath || /^\/a\/[^/]+\/playground$/.test(pathname);
