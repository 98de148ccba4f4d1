/**
 * The playground's token when the app hands it none: one from the refresh
 * cookie (sent to /graphql only), scoped to the account named in the URL
 * (`/a/<slug>/playground` or `/playground?account=<slug>`), kept in memory
 * and renewed shortly before it expires.
 */
export function accountSlugFromLocation(location: Location): string | undefined {
  const fromPath = /^\/a\/([^/]+)\//.exec(location.pathname)?.[1];
  return fromPath ?? new URLSearchParams(location.search).get('account') ?? undefined;
}

export function createCookieTokenSource(accountSlug: string | undefined) {
  let token: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string | undefined> | undefined;

  async function refresh(): Promise<string | undefined> {
    const response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation PlaygroundToken($slug: String) { refreshSession(accountSlug: $slug) { accessToken expiresAt } }',
        variables: { slug: accountSlug ?? null },
      }),
    });
    const body = (await response.json()) as { data?: { refreshSession: { accessToken: string; expiresAt: string } } | null };
    const auth = body.data?.refreshSession;
    token = auth ? { value: auth.accessToken, expiresAt: Date.parse(auth.expiresAt) } : undefined;
    return token?.value;
  }

  return async (): Promise<string | undefined> => {
    if (token && token.expiresAt - Date.now() > 30_000) return token.value;
    pending ??= refresh().finally(() => (pending = undefined));
    return pending;
  };
}
