import type { IncomingMessage, ServerResponse } from 'node:http';

/** The SPA's page with GraphiQL, bundled with the app (Apollo's own landing page loads from a CDN). */
export const playgroundPath = '/playground';

/**
 * A browser opening /graphql (a GET asking for HTML, with no query) is sent
 * to the playground; anything else is a GraphQL request. Returns whether it
 * answered.
 */
export function redirectBrowserToPlayground(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET') return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.searchParams.has('query')) return false;
  if (!(req.headers.accept ?? '').includes('text/html')) return false;
  res.writeHead(302, { location: playgroundPath, 'cache-control': 'no-store' }).end();
  return true;
}
