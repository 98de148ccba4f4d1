import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import type { Fetcher } from '@graphiql/toolkit';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { accountSlugFromLocation, createCookieTokenSource } from './access-token';
import './playground.css';

/** The first query of a new tab, its comment in the user's language (GraphiQL's own labels stay English). */
const defaultQuery = (comment: string) => `${comment.split('\n').map((line) => `# ${line}`).join('\n')}
query People {
  people(first: 10) {
    totalCount
    edges { node { id firstName lastName company { name } } }
  }
}
`;

export interface PlaygroundPageProps {
  /** This tab's access token, as the app's session holds it; without one the page takes a token from the refresh cookie. */
  getAccessToken?: () => string | undefined;
}

/**
 * GraphiQL, bundled with the app (no CDN), talking to this server's /graphql
 * with the tab's token, so queries run in the tab's current account.
 * Lazy-loaded: the editor stays out of the app's first load.
 */
export default function PlaygroundPage({ getAccessToken }: PlaygroundPageProps) {
  const { t } = useTranslation();
  const fetcher = useMemo<Fetcher>(() => {
    const cookieToken = getAccessToken ? undefined : createCookieTokenSource(accountSlugFromLocation(window.location));
    const tokenFetch: typeof fetch = async (input, init) => {
      const token = getAccessToken ? getAccessToken() : await cookieToken!();
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers, credentials: 'same-origin' });
    };
    return createGraphiQLFetcher({ url: `${window.location.origin}/graphql`, fetch: tokenFetch });
  }, [getAccessToken]);

  return (
    <div className="playground" data-testid="playground">
      <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery(t('playground.defaultQuery'))} storage={sessionStorageOnly} />
    </div>
  );
}

/** Queries typed in one tab stay in that tab: two tabs may work in two accounts. */
const sessionStorageOnly = typeof window === 'undefined' ? undefined : window.sessionStorage;
