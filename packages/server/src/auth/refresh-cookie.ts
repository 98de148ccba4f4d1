import type { IncomingMessage } from 'node:http';

export const refreshCookieName = 'kontor_refresh';
/** The cookie goes to the API only; the SPA's JavaScript never sees it (HttpOnly). */
const cookiePath = '/graphql';

export function readRefreshCookie(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === refreshCookieName) return decodeCookieValue(value.join('='));
  }
  return undefined;
}

/** A value that is not valid percent-encoding (`%E0%A4%A`) was not set by us: it counts as no cookie. */
function decodeCookieValue(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function refreshCookie(value: string, expiresAt: Date, secure: boolean): string {
  return [
    `${refreshCookieName}=${encodeURIComponent(value)}`,
    `Path=${cookiePath}`,
    `Expires=${expiresAt.toUTCString()}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedRefreshCookie(secure: boolean): string {
  return refreshCookie('', new Date(0), secure);
}
