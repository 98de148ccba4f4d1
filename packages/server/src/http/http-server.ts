import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { databaseUnavailable, retryAfterSeconds } from '../db/database-unavailable.js';
import type { Logger } from '../logging/logger.js';
import { setSecurityHeaders } from './security-headers.js';
import { currentTraceId } from '../telemetry/trace-id.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Routes {
  graphql: RouteHandler;
  health: RouteHandler;
  static: RouteHandler;
  /** GET /invoices/<id>.pdf (billing/invoice-download.ts) */
  invoicePdf?: RouteHandler;
  /** POST /imports (imports/import-upload.ts) */
  importUpload?: RouteHandler;
  /** GET /imports/<id>/failures.csv (imports/import-failures.ts) */
  importFailures?: RouteHandler;
  /** POST /files (files/file-upload.ts) */
  fileUpload?: RouteHandler;
  /** GET /files/<id> (files/file-download.ts) */
  fileDownload?: RouteHandler;
  /** GET /exports?token=… (exports/export-download.ts) */
  exportDownload?: RouteHandler;
  /** GET /privacy/person-data?token=… (privacy/person-data-download.ts) */
  personData?: RouteHandler;
  /** POST /account-packages (accountpackage/package-import-route.ts) */
  packageImport?: RouteHandler;
  /** GET /account-packages/imports/<id> (accountpackage/package-import-route.ts) */
  packageImportStatus?: RouteHandler;
  /** GET /account-packages/<id>.zip?token=… (accountpackage/package-download.ts) */
  packageDownload?: RouteHandler;
  /** GET /audit/events.csv (audit/audit-csv.ts) */
  auditCsv?: RouteHandler;
  /** GET /calendar/<token>.ics (calendar/calendar-feed-route.ts) */
  calendarFeed?: RouteHandler;
  /** GET /metrics (metrics/metrics.ts), only when KONTOR_METRICS_TOKEN is set: otherwise 404. */
  metrics?: RouteHandler;
}

const notFound: RouteHandler = (_req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
};

/**
 * How long a client may take to send a whole request (head and body; the
 * answer's time is not counted). Node's default, 5 minutes, lets a client
 * that trickles a body byte by byte hold a connection and its buffers that
 * long; 30 s still carries a 1 MB body over 300 kbit/s.
 */
export const requestTimeoutMs = 30_000;

/**
 * The one HTTP server: `/graphql`, `/healthz`, and the SPA for everything
 * else. Every response carries the security headers (security-headers.ts).
 * Logs one line per request with its duration.
 */
export function createHttpServer(routes: Routes, logger: Logger, options: { requestTimeoutMs?: number; httpsOnly?: boolean } = {}): http.Server {
  const requestTimeout = options.requestTimeoutMs ?? requestTimeoutMs;
  const serverOptions: http.ServerOptions = {
    requestTimeout,
    headersTimeout: Math.min(requestTimeout, 10_000),
    // How often Node looks for connections past those limits (its default, 30 s, would let them run long over).
    connectionsCheckingInterval: Math.min(requestTimeout / 2, 2_000),
  };
  return http.createServer(serverOptions, (req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    // Read here, where the HTTP instrumentation has made the request's span current (telemetry/tracing.ts).
    const traceId = currentTraceId();
    res.on('finish', () => {
      logger.info('request', {
        method: req.method,
        path: loggedPath(path),
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        operation: operationNames.get(res),
        traceId,
      });
    });
    setSecurityHeaders(res, options.httpsOnly ?? false);
    const route = pickRoute(routes, req.method ?? 'GET', path);
    if (!route) {
      res.writeHead(405, { allow: 'GET, HEAD, POST', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return;
    }
    Promise.resolve(route(req, res)).catch((error: unknown) => {
      // A database that is busy or away (an invoice download, say) is worth repeating: 503 with Retry-After, not a 500.
      const unavailable = databaseUnavailable(error);
      if (unavailable) {
        logger.warn('request failed: database unavailable', { path, error: (error as Error).message });
        if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) });
        res.end(JSON.stringify({ errors: [{ message: unavailable.message, extensions: unavailable.extensions }] }));
        return;
      }
      logger.error('request failed', { path, error });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    });
  });
}

const operationNames = new WeakMap<ServerResponse, string>();

/** Names the GraphQL operation a response answers, for its request log line (graphql/operation-name-plugin.ts). */
export function noteOperationName(res: ServerResponse, name: string): void {
  operationNames.set(res, name);
}

/** The path as the log shows it: a calendar feed's token is its only credential, so it never reaches a log. */
function loggedPath(path: string): string {
  return path.startsWith('/calendar/') ? '/calendar/<token>.ics' : path;
}

function pickRoute(routes: Routes, method: string, path: string): RouteHandler | undefined {
  if (path === '/graphql') return method === 'GET' || method === 'POST' || method === 'OPTIONS' ? routes.graphql : undefined;
  if (path === '/healthz') return method === 'GET' || method === 'HEAD' ? routes.health : undefined;
  if (path === '/metrics') return method === 'GET' ? (routes.metrics ?? notFound) : undefined;
  if (routes.invoicePdf && path.startsWith('/invoices/')) return method === 'GET' || method === 'HEAD' ? routes.invoicePdf : undefined;
  if (routes.importUpload && path === '/imports') return method === 'POST' ? routes.importUpload : undefined;
  if (routes.importFailures && path.startsWith('/imports/')) return method === 'GET' ? routes.importFailures : undefined;
  if (routes.fileUpload && path === '/files') return method === 'POST' ? routes.fileUpload : undefined;
  if (routes.auditCsv && path === '/audit/events.csv') return method === 'GET' ? routes.auditCsv : undefined;
  if (routes.calendarFeed && path.startsWith('/calendar/')) return method === 'GET' || method === 'HEAD' ? routes.calendarFeed : undefined;
  if (routes.fileDownload && path.startsWith('/files/')) return method === 'GET' || method === 'HEAD' ? routes.fileDownload : undefined;
  if (routes.personData && path === '/privacy/person-data') return method === 'GET' || method === 'HEAD' ? routes.personData : undefined;
  if (routes.packageImport && path === '/account-packages') return method === 'POST' ? routes.packageImport : undefined;
  if (routes.packageImportStatus && path.startsWith('/account-packages/imports/')) return method === 'GET' ? routes.packageImportStatus : undefined;
  if (routes.packageDownload && path.startsWith('/account-packages/')) return method === 'GET' ? routes.packageDownload : undefined;
  if (routes.exportDownload && path === '/exports') return method === 'GET' || method === 'HEAD' ? routes.exportDownload : undefined;
  return method === 'GET' || method === 'HEAD' ? routes.static : undefined;
}

/**
 * Stops accepting connections, lets requests in flight finish (up to
 * `graceMs`), then closes whatever is left.
 */
export async function closeHttpServer(server: http.Server, graceMs = 10_000): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections with no request in flight would hold `close` open forever.
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idleSweep);
    clearTimeout(deadline);
  }
}
