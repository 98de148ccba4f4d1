import http from 'node:http';
import https from 'node:https';
import pg from 'pg';
import { assertAccountSchemaName } from '../db/account-schema.js';
import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import type { Logger } from '../logging/logger.js';
import { webhookChannel } from './webhook-events.js';
import { signatureHeader, signWebhookBody } from './webhook-signature.js';
import { addressLiteral, guardedLookup, isPublicAddress } from './webhook-url.js';

export interface WebhookWorkerSettings {
  allowPrivateUrls: boolean;
  /** How often every account is checked for due deliveries (retries); new ones wake the worker at once. */
  pollIntervalMs: number;
  /** The first retry waits this long; each further one twice as long, up to `maxRetryDelaySeconds`. */
  retryBaseSeconds: number;
  maxRetryDelaySeconds: number;
  /** A delivery still failing this long after it was queued is given up (FAILED). */
  giveUpAfterSeconds: number;
  timeoutMs: number;
}

interface ClaimedDelivery {
  id: string;
  event: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
}

interface AccountRow {
  id: string;
  slug: string;
  schema_name: string;
}

const batchSize = 20;

/**
 * Sends queued webhook deliveries. Any number of server processes may run
 * one: a delivery is claimed with `for update skip locked` and a lease
 * (`locked_until`) held while it is sent, so no two processes send it, and a
 * process that dies mid-send only delays it until the lease runs out.
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = false;

  constructor(
    private readonly orm: Orm,
    private readonly databaseUrl: string,
    private readonly settings: WebhookWorkerSettings,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    try {
      const listener = new pg.Client({ connectionString: this.databaseUrl });
      listener.on('notification', () => this.wake());
      listener.on('error', (error) => this.logger.warn('webhook listener lost its connection; polling only', { error }));
      await listener.connect();
      await listener.query(`listen ${webhookChannel}`);
      this.listener = listener;
    } catch (error) {
      this.logger.warn('webhook listener could not start; polling only', { error });
    }
    this.timer = setInterval(() => this.wake(), this.settings.pollIntervalMs);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }

  /** Runs a pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error('webhook delivery pass failed', { error }))
      .finally(() => {
        this.running = undefined;
        if (this.rerun) {
          this.rerun = false;
          this.wake();
        }
      });
  }

  /** One pass over every account: sends what is due. Returns how many deliveries were attempted. */
  async runOnce(): Promise<number> {
    const accounts = await this.orm.em.fork().execute<AccountRow[]>('select id, slug, schema_name from account where deleted_at is null order by created_at');
    let attempted = 0;
    for (const account of accounts) {
      if (this.stopped) break;
      try {
        attempted += await this.runAccount(account);
      } catch (error) {
        // One account's trouble (say, its schema dropped with the account a moment ago) must not hold up the others.
        this.logger.warn('webhook deliveries of an account could not be sent', { accountId: account.id, error });
      }
    }
    return attempted;
  }

  private async runAccount(account: AccountRow): Promise<number> {
    assertAccountSchemaName(account.schema_name);
    const schema = quoteIdent(account.schema_name);
    const em = this.orm.em.fork();
    const leaseSeconds = Math.ceil(this.settings.timeoutMs / 1000) + 30;
    const claimed = await em.execute<ClaimedDelivery[]>(
      `update ${schema}.webhook_delivery d
          set locked_until = now() + make_interval(secs => ?), attempts = d.attempts + 1, last_attempt_at = now()
         from ${schema}.webhook w
        where w.id = d.webhook_id
          and d.id in (select id from ${schema}.webhook_delivery
                        where status = 'PENDING' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
                        order by next_attempt_at limit ? for update skip locked)
      returning d.id, d.event, d.payload, d.attempts, d.created_at, w.url, w.secret`,
      [leaseSeconds, batchSize],
    );
    await Promise.all(claimed.map((delivery) => this.send(schema, account, delivery)));
    return claimed.length;
  }

  private async send(schema: string, account: AccountRow, delivery: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify({
      id: delivery.id,
      event: delivery.event,
      createdAt: new Date(delivery.created_at).toISOString(),
      account: { id: account.id, slug: account.slug },
      data: delivery.payload,
    });
    const signature = signWebhookBody(delivery.secret, body, Math.floor(Date.now() / 1000));
    const outcome = await postJson(delivery.url, body, {
      [signatureHeader]: signature,
      'Kontor-Event': delivery.event,
      'Kontor-Delivery': delivery.id,
    }, this.settings);
    const em = this.orm.em.fork();
    if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) {
      await em.execute(
        `update ${schema}.webhook_delivery set status = 'DELIVERED', delivered_at = now(), locked_until = null, last_status_code = ?, last_error = null where id = ?`,
        [outcome.status, delivery.id],
      );
      return;
    }
    const delaySeconds = retryDelaySeconds(delivery.attempts, this.settings);
    await em.execute(
      `update ${schema}.webhook_delivery
          set status = case when created_at + make_interval(secs => ?) < now() + make_interval(secs => ?) then 'FAILED' else 'PENDING' end,
              next_attempt_at = now() + make_interval(secs => ?), locked_until = null, last_status_code = ?, last_error = ?
        where id = ?`,
      [this.settings.giveUpAfterSeconds, delaySeconds, delaySeconds, outcome.status ?? null, outcome.error, delivery.id],
    );
    this.logger.info('webhook delivery failed', { deliveryId: delivery.id, attempts: delivery.attempts, status: outcome.status, error: outcome.error });
  }
}

/** Exponential backoff with a little jitter, so a receiver coming back is not hit by every retry at once. */
export function retryDelaySeconds(attempts: number, settings: Pick<WebhookWorkerSettings, 'retryBaseSeconds' | 'maxRetryDelaySeconds'>): number {
  const exponential = Math.min(settings.retryBaseSeconds * 2 ** Math.max(0, attempts - 1), settings.maxRetryDelaySeconds);
  return exponential * (1 + Math.random() * 0.1);
}

function postJson(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  settings: Pick<WebhookWorkerSettings, 'allowPrivateUrls' | 'timeoutMs'>,
): Promise<{ status?: number; error: string | null }> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      resolve({ error: 'The URL is not valid.' });
      return;
    }
    // An address literal is connected to without a lookup, so it is checked here.
    const literal = addressLiteral(url);
    if (!settings.allowPrivateUrls && literal !== undefined && !isPublicAddress(literal)) {
      resolve({ error: `${literal} is not a public address; refused.` });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Kontor-Webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
        lookup: guardedLookup(settings.allowPrivateUrls) as never,
        timeout: settings.timeoutMs,
      },
      (response) => {
        // The answer's body is not used; reading it frees the connection.
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve({ status, error: status >= 200 && status < 300 ? null : `The endpoint answered HTTP ${status}.` });
        });
        response.on('error', (error) => resolve({ status: response.statusCode, error: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`No answer within ${settings.timeoutMs} ms.`)));
    request.on('error', (error) => resolve({ error: error.message }));
    request.end(body);
  });
}
