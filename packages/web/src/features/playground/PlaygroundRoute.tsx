import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaygroundPageProps } from './PlaygroundPage';

const PlaygroundPage = lazy(() => import('./PlaygroundPage'));

/** Where the playground lives; also reachable as /a/<slug>/playground. */
export const playgroundPath = '/playground';

/** The playground behind a lazy import: GraphiQL and its editor load only when the page is opened. */
export function PlaygroundRoute(props: PlaygroundPageProps) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p className="playground__loading">{t('playground.loading')}</p>}>
      <PlaygroundPage {...props} />
    </Suspense>
  );
}

export const isPlaygroundPath = (pathname: string) => pathname === playgroundPath || /^\/a\/[^/]+\/playground$/.test(pathname);
