import type { ServerResponse } from 'node:http';

/**
 * The web app's Content-Security-Policy. Everything comes from this server:
 * scripts only from its files (no inline script, no eval), API calls only to
 * it, and no page may frame the app (clickjacking). Styles allow inline ones
 * because GraphiQL's editor (Monaco) and React's `style` attributes set them;
 * with scripts locked down, inline styles cannot run code. Monaco's workers
 * are files under /assets; `data:` images and fonts are its icons and
 * cursors. `e2e/content-security-policy.e2e.ts` checks that the app and
 * /playground run without a single violation.
 */
export const appContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API answers (JSON, PDFs, health) are no documents: nothing in them may load or run, nor be framed. */
const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every response carries; the static handler replaces the CSP with
 * the app's. `nosniff`: a browser takes the content type as sent, so JSON or
 * a stored file is never run as script or HTML. `Referrer-Policy`: the app's
 * URLs name accounts and records (and invoice links carry a download token),
 * so no address goes to another site. `httpsOnly` (KONTOR_PUBLIC_URL is
 * https://): browsers are told to use https only for a year (HSTS), so a
 * first plain-http visit on a hostile network cannot be downgraded.
 */
export function setSecurityHeaders(res: ServerResponse, httpsOnly: boolean): void {
  if (httpsOnly) res.setHeader('strict-transport-security', 'max-age=31536000');
  res.setHeader('content-security-policy', apiContentSecurityPolicy);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
  // For browsers that predate frame-ancestors.
  res.setHeader('x-frame-options', 'DENY');
}
