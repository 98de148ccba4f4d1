import { timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import client from 'prom-client';
import type { RouteHandler } from '../http/http-server.js';
import type { WebhookAttemptOutcome } from '../webhooks/webhook-worker.js';
import type { DatabaseFigures } from './database-figures.js';
import { onWebhookDeliveriesQueued } from '../webhooks/webhook-events.js';
import { onInvoiceRun } from '../billing/invoice-run.js';
import { clientOperationNames } from './client-operations.generated.js';

const knownOperations = new Set(clientOperationNames);

/**
 * An operation's name as a label: the names Kontor's own clients send (web app
 * and SDK, listed by `pnpm codegen`) as they are, any other name "other", none
 * "anonymous"; so a client cannot create a series per name it makes up.
 */
export function metricsOperationLabel(operationName: string | null | undefined): string {
  if (!operationName) return 'anonymous';
  return knownOperations.has(operationName) ? operationName : 'other';
}

/**
 * What operators scrape at /metrics (Prometheus text format, prom-client):
 * GraphQL requests and their duration by operation and outcome, the request
 * pool, webhook deliveries queued and attempts by outcome, accounts with
 * webhook retries waiting, account migrations pending, accounts invoiced
 * or failed by this process's invoice runs, invoices by delivery
 * and the last invoice run (read from the database at each scrape), and the
 * process's own figures (event-loop lag among
 * them). One registry per app, so two apps in one process (tests) keep apart.
 */
export interface Metrics {
  registry: client.Registry;
  apolloPlugin: ApolloServerPlugin;
  /** Counts a GraphQL answer and its duration since `startedAt` (a `performance.now()`), as `apolloPlugin` does. */
  graphQLAnswered(operationName: string | null | undefined, response: GraphQLResponse, startedAt: number): void;
  webhookOutcome(outcome: WebhookAttemptOutcome): void;
  /** GET /metrics: the figures for `Authorization: Bearer <token>`, 401 otherwise. */
  handler: RouteHandler;
}

export function createMetrics(options: { token: string; pool(): { inUse: number; waiting: number } | undefined; database(): Promise<DatabaseFigures> }): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'kontor_' });
  const labelNames = ['operation', 'outcome'] as const;
  const requests = new client.Counter({ name: 'kontor_graphql_requests_total', help: 'GraphQL requests by operation name and outcome (ok, or the first error code).', labelNames, registers: [registry] });
  const duration = new client.Histogram({ name: 'kontor_graphql_request_duration_seconds', help: 'GraphQL request duration by operation name and outcome.', labelNames, registers: [registry] });
  new client.Gauge({
    name: 'kontor_db_pool_connections',
    help: "The request pool's connections in use, and requests waiting for one.",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = options.pool();
      this.set({ state: 'in_use' }, stats?.inUse ?? 0);
      this.set({ state: 'waiting' }, stats?.waiting ?? 0);
    },
  });
  // Read from the database once per scrape, shared by the gauges below.
  let reading: Promise<DatabaseFigures> | undefined;
  const figures = () => (reading ??= options.database().finally(() => setTimeout(() => (reading = undefined), 1000)));
  new client.Gauge({
    name: 'kontor_account_migrations_pending',
    help: "Accounts whose schema is behind the code's version (migrated in the background or on first access).",
    registers: [registry],
    async collect() {
      this.set((await figures()).accountMigrationsPending);
    },
  });
  new client.Gauge({
    name: 'kontor_invoices',
    help: 'Issued invoices by e-mail delivery: sent, awaiting (still being tried), failed (given up; still downloadable).',
    labelNames: ['delivery'],
    registers: [registry],
    async collect() {
      const { invoices } = await figures();
      for (const delivery of ['sent', 'awaiting', 'failed'] as const) this.set({ delivery }, invoices[delivery]);
    },
  });
  new client.Gauge({
    name: 'kontor_invoice_run_last_completed_timestamp_seconds',
    help: 'When the last monthly invoice run completed; 0 before the first.',
    registers: [registry],
    async collect() {
      this.set((await figures()).lastInvoiceRunSeconds);
    },
  });
  const invoiceRuns = new client.Counter({
    name: 'kontor_invoice_run_accounts_total',
    help: "Accounts the monthly invoice runs of this process invoiced (issued) or could not (failed; the month stays open and the next run retries).",
    labelNames: ['result'],
    registers: [registry],
  });
  onInvoiceRun(({ issued, failed }) => {
    invoiceRuns.inc({ result: 'issued' }, issued);
    invoiceRuns.inc({ result: 'failed' }, failed);
  });
  const webhooks = new client.Counter({ name: 'kontor_webhook_attempts_total', help: 'Webhook delivery attempts by outcome: delivered, retry (failed, queued again), failed (given up).', labelNames: ['outcome'], registers: [registry] });
  const queued = new client.Counter({
    name: 'kontor_webhook_deliveries_queued_total',
    help: "Webhook deliveries queued by this process's requests (one per webhook listening to the event; counted when written, so a rolled-back change's count too).",
    registers: [registry],
  });
  onWebhookDeliveriesQueued((count) => queued.inc(count));
  new client.Gauge({
    name: 'kontor_webhook_accounts_waiting',
    help: 'Accounts with webhook deliveries waiting for a retry or an expired lease: due (a worker should take them now) or scheduled (later).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { webhookAccountsWaiting } = await figures();
      for (const state of ['due', 'scheduled'] as const) this.set({ state }, webhookAccountsWaiting[state]);
    },
  });

  const expected = Buffer.from(`Bearer ${options.token}`);
  const graphQLAnswered = (operationName: string | null | undefined, response: GraphQLResponse, startedAt: number) => {
    const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
    const code = body?.errors?.[0]?.extensions?.code;
    // Operation names are the client's text: only known ones become labels, so a client cannot flood the registry.
    const labels = { operation: metricsOperationLabel(operationName), outcome: typeof code === 'string' ? code : 'ok' };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - startedAt) / 1000);
  };
  return {
    registry,
    webhookOutcome: (outcome) => webhooks.inc({ outcome }),
    apolloPlugin: {
      async requestDidStart() {
        const startedAt = performance.now();
        return {
          async willSendResponse({ operationName, response }) {
            graphQLAnswered(operationName, response, startedAt);
          },
        };
      },
    },
    graphQLAnswered,
    handler: async (req, res) => {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('Unauthorized\n');
        return;
      }
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(await registry.metrics());
    },
  };
}
