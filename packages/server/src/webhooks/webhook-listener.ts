import pg from 'pg';
import type { Logger } from '../logging/logger.js';
import { webhookChannel } from './webhook-events.js';

/** Its connection's application_name, so an operator (or a test) can find it in pg_stat_activity. */
export const webhookListenerName = 'kontor-webhook-listener';

const firstRetryMs = 100;
const maxRetryMs = 30_000;

/**
 * Holds a connection that LISTENs for new deliveries and calls `onWake` with
 * the account schema each notification names. When the connection is lost
 * (PostgreSQL restarted, the backend terminated, the network cut) it
 * reconnects with backoff, and calls `onWake()` without a schema once
 * connected (also the first time): anything may have been queued while no
 * one listened, so the worker looks at every account once.
 */
export class WebhookListener {
  private client: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = firstRetryMs;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onWake: (accountSchema?: string) => void,
    private readonly logger: Logger,
  ) {}

  /** Connects; resolves either way (a failure is retried in the background while the worker polls). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: webhookListenerName });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      client.removeAllListeners('notification');
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn('webhook listener lost its connection; reconnecting, polling meanwhile', { error, retryInMs: this.retryMs });
      this.scheduleRetry();
    };
    client.on('notification', (message) => this.onWake(message.payload || undefined));
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`listen ${webhookChannel}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = firstRetryMs;
    this.onWake();
  }

  private scheduleRetry(): void {
    const delay = this.retryMs * (1 + Math.random() * 0.2);
    this.retryMs = Math.min(this.retryMs * 2, maxRetryMs);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
