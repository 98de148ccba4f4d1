import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { databaseUnavailable, retryAfterSeconds } from '../db/database-unavailable.js';
import { defaultRequestTimeouts, type RequestTimeouts } from '../config/config.js';
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
 * The one HTTP server: `/graphql`, `/healthz`, and the SPA for everything
 * else. Every response carries the security headers (security-headers.ts).
 * Logs one line per request with its duration.
 *
 * Node's own `requestTimeout` is one limit for every request, which would
 * cut off every upload longer than it; so it is off, and each request gets
 * its own bound here (`boundRequest`): the whole request for ordinary
 * routes, the pauses for streamed uploads. The head keeps Node's limit.
 */
export function createHttpServer(routes: Routes, logger: Logger, options: Partial<RequestTimeouts> & { httpsOnly?: boolean } = {}): http.Server {
  const timeouts: RequestTimeouts = {
    requestTimeoutMs: options.requestTimeoutMs ?? defaultRequestTimeouts.requestTimeoutMs,
    uploadIdleTimeoutMs: options.uploadIdleTimeoutMs ?? defaultRequestTimeouts.uploadIdleTimeoutMs,
  };
  const serverOptions: http.ServerOptions = {
    requestTimeout: 0,
    headersTimeout: Math.min(timeouts.requestTimeoutMs, 10_000),
    // How often Node looks for connections past the head's limit (its default, 30 s, would let them run long over).
    connectionsCheckingInterval: Math.min(timeouts.requestTimeoutMs / 2, 2_000),
  };
  return http.createServer(serverOptions, (req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    boundRequest(req, res, streamedUpload(routes, req.method ?? 'GET', path) ? { idleMs: timeouts.uploadIdleTimeoutMs } : { totalMs: timeouts.requestTimeoutMs });
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

/** The routes whose body is streamed to its end however long it takes, bounded by its pauses (`uploadIdleTimeoutMs`). */
function streamedUpload(routes: Routes, method: string, path: string): boolean {
  if (method !== 'POST') return false;
  const route = pickRoute(routes, method, path);
  return route !== undefined && (route === routes.fileUpload || route === routes.importUpload || route === routes.packageImport);
}

/**
 * Cuts off a request whose body has not arrived within `totalMs`, or that
 * sent nothing for `idleMs` (every byte read restarts the clock, and the
 * whole body read stops it), as Node's `requestTimeout` does: 408 and the
 * connection closed. Destroying the request breaks off the route's reading,
 * so what it began (a file in the storage, a transaction) is undone.
 */
function boundRequest(req: IncomingMessage, res: ServerResponse, limit: { totalMs: number } | { idleMs: number }): void {
  const expire = () => {
    if (req.complete) return;
    const body = JSON.stringify({ errors: [{ message: 'The request took too long to arrive; nothing of it was kept.', extensions: { code: 'BAD_USER_INPUT' } }] });
    if (!res.headersSent) res.writeHead(408, { 'content-type': 'application/json', connection: 'close', 'content-length': Buffer.byteLength(body) });
    res.end(body, () => req.destroy());
    // A client that reads nothing back is not waited for.
    setTimeout(() => req.destroy(), 1_000).unref();
  };
  if ('totalMs' in limit) {
    const timer = setTimeout(expire, limit.totalMs).unref();
    res.once('close', () => clearTimeout(timer));
    return;
  }
  // The socket's timeout counts idle time (the HTTP parser refreshes it with every chunk it reads); set through the
  // request, so Node hands it to `expire` instead of destroying the socket at once.
  req.setTimeout(limit.idleMs, expire);
  const stop = () => {
    req.socket.setTimeout(0);
    req.off('timeout', expire);
  };
  req.once('end', stop);
  res.once('close', stop);
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
