import { assertAccountSchemaName } from '../db/account-schema.js';
import { accountSchemasOf } from '../db/account-schemas.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import type { Logger } from '../logging/logger.js';
import { WebhookListener } from './webhook-listener.js';
import { postWebhook, type PostOutcome, type PostSettings } from './webhook-post.js';
import { signatureHeader, signWebhookBody } from './webhook-signature.js';
import { accountsWithDueDeliveries, allAccounts, markDeliveriesDue, markDeliveryFinished, type AccountWithWebhookWork } from './webhook-work.js';

export interface WebhookWorkerSettings extends PostSettings {
  /** How often the accounts with deliveries due (retries, leases run out: webhook-work.ts) are looked at; new ones wake the worker at once. */
  pollIntervalMs: number;
  /** The first retry waits this long; each further one twice as long, up to `maxRetryDelaySeconds`. */
  retryBaseSeconds: number;
  maxRetryDelaySeconds: number;
  /** A delivery still failing this long after it was queued is given up (FAILED). */
  giveUpAfterSeconds: number;
  /** Deliveries this process sends at once, over all accounts. */
  concurrency: number;
  /** Of those, at most this many for one account: one account's slow receiver never holds up another account. */
  concurrencyPerAccount: number;
  /** stop() returns within this; deliveries it interrupts stay queued. */
  stopTimeoutMs: number;
}

/** An attempt's outcome: answered 2xx; failed and to be retried; failed and given up. */
export type WebhookAttemptOutcome = 'delivered' | 'retry' | 'failed';

interface ClaimedDelivery {
  id: string;
  event: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
}

type AccountRow = AccountWithWebhookWork;

/** Besides at start and after the LISTEN connection was lost, a pass looks at every account this often: a safety net. */
const fullPassIntervalMs = 60 * 60 * 1000;

/**
 * Sends queued webhook deliveries. Any number of server processes may run
 * one: a delivery is claimed with `for update skip locked` and a lease
 * (`locked_until`) held while it is sent, so no two processes send it, and a
 * process that dies mid-send only delays it until the lease runs out.
 *
 * Deliveries are sent concurrently, up to `concurrency` in this process and
 * `concurrencyPerAccount` per account; a pass over the accounts only claims
 * work into free slots and does not wait for the sends, so a receiver that
 * hangs occupies its own account's slots for at most `timeoutMs`.
 *
 * A pass looks only at accounts with work: those a notification named
 * since the last pass, and those whose mark in `webhook_work` says a retry
 * or an expired lease is due (webhook-work.ts); so at 10,000 accounts a pass
 * costs one query, not 10,000. The first pass, the first after the LISTEN
 * connection came back, and one an hour look at every account.
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private listener: WebhookListener | undefined;
  private pass: Promise<void> | undefined;
  private rerun = false;
  private stopped = false;
  private readonly stopping = new AbortController();
  /** Sends in flight (and slots reserved for a claim under way), per account id. */
  private readonly busy = new Map<string, number>();
  private busyTotal = 0;
  private readonly sends = new Set<Promise<void>>();
  private passes = 0;
  /** Account schemas to look at in the next pass: notified, or left with work by the last one. */
  private readonly named = new Set<string>();
  private fullPassWanted = true;
  private lastFullPass = 0;
  /** Told the outcome of every attempt that finished (metrics count them). */
  onOutcome?: (outcome: WebhookAttemptOutcome) => void;
  /** Told how many accounts each pass looked at. */
  onPass?: (accountsLookedAt: number) => void;

  constructor(
    private readonly orm: Orm,
    private readonly databaseUrl: string,
    private readonly settings: WebhookWorkerSettings,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.listener = new WebhookListener(
      this.databaseUrl,
      (accountSchema) => {
        if (accountSchema) this.named.add(accountSchema);
        else this.fullPassWanted = true;
        this.wake();
      },
      this.logger,
    );
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), this.settings.pollIntervalMs);
    this.wake();
  }

  /**
   * Stops within `stopTimeoutMs`: deliveries in flight are cut off and put
   * back in the queue (sent again by the next worker; receivers tell repeats
   * apart by Kontor-Delivery). Should putting them back not finish in time,
   * their lease runs out and they are sent again all the same.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.stopping.abort();
    const finished = Promise.all([
      this.listener?.stop(),
      (async () => {
        // A claim under way when stop() came still starts its sends (they see the abort at once): wait for those too.
        await this.pass;
        await Promise.all([...this.sends]);
      })(),
    ]).catch(() => undefined);
    let bound: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (bound = setTimeout(() => resolve('timeout'), this.settings.stopTimeoutMs)));
    if ((await Promise.race([finished, timedOut])) === 'timeout') this.logger.warn('webhook worker stopped with deliveries still being put back; their leases will expire');
    clearTimeout(bound);
  }

  /** Runs a pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.pass) {
      this.rerun = true;
      return;
    }
    this.pass = this.claimPass()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error('webhook delivery pass failed', { error }))
      .finally(() => {
        this.pass = undefined;
        if (this.rerun) {
          this.rerun = false;
          this.wake();
        }
      });
  }

  /** One pass (a worker's first looks at every account), then waits for the deliveries it started. Returns how many it started. */
  async runOnce(): Promise<number> {
    const started = await this.claimPass();
    await Promise.all(started);
    return started.length;
  }

  /** Claims due deliveries into free slots and starts sending them; returns the sends started. */
  private async claimPass(): Promise<Promise<void>[]> {
    const accounts = await this.accountsToLookAt();
    this.onPass?.(accounts.length);
    // Start each pass one account further, so that when slots are scarce no account is always served first.
    const first = accounts.length > 0 ? this.passes++ % accounts.length : 0;
    const started: Promise<void>[] = [];
    for (const account of [...accounts.slice(first), ...accounts.slice(0, first)]) {
      const free = Math.min(this.settings.concurrencyPerAccount - (this.busy.get(account.id) ?? 0), this.settings.concurrency - this.busyTotal);
      if (this.stopped || free <= 0) {
        // No slot for it now: looked at again when one frees up.
        this.named.add(account.schema_name);
        continue;
      }
      this.reserve(account.id, free);
      let claimed: ClaimedDelivery[] = [];
      try {
        claimed = await this.claim(account, free);
      } catch (error) {
        // One account's trouble (say, its schema dropped with the account a moment ago) must not hold up the others.
        this.logger.warn('webhook deliveries of an account could not be claimed', { accountId: account.id, error });
        this.named.add(account.schema_name);
      } finally {
        this.reserve(account.id, claimed.length - free);
      }
      for (const delivery of claimed) started.push(this.track(account, delivery, claimed.length === free));
    }
    return started;
  }

  /** The accounts a pass looks at: every one now and then, otherwise those with work (webhook-work.ts). */
  private async accountsToLookAt(): Promise<AccountRow[]> {
    const full = this.fullPassWanted || Date.now() - this.lastFullPass >= fullPassIntervalMs;
    const named = [...this.named];
    this.named.clear();
    this.fullPassWanted = false;
    try {
      const accounts = full ? await allAccounts(this.orm) : await accountsWithDueDeliveries(this.orm, named);
      if (full) this.lastFullPass = Date.now();
      return accounts;
    } catch (error) {
      for (const name of named) this.named.add(name);
      this.fullPassWanted ||= full;
      throw error;
    }
  }

  private reserve(accountId: string, slots: number): void {
    this.busyTotal += slots;
    const left = (this.busy.get(accountId) ?? 0) + slots;
    if (left > 0) this.busy.set(accountId, left);
    else this.busy.delete(accountId);
  }

  /** Runs one send in its slot; frees the slot when done and, when the account may have more due, looks for it. */
  private track(account: AccountRow, delivery: ClaimedDelivery, mayHaveMore: boolean): Promise<void> {
    const send = this.send(account, delivery)
      .catch((error: unknown) => this.logger.warn('webhook delivery outcome could not be recorded; its lease will expire', { deliveryId: delivery.id, error }))
      .finally(() => {
        this.sends.delete(send);
        this.reserve(account.id, -1);
        if (mayHaveMore || this.busyTotal === this.settings.concurrency - 1) this.wake();
      });
    this.sends.add(send);
    return send;
  }

  private async claim(account: AccountRow, limit: number): Promise<ClaimedDelivery[]> {
    assertAccountSchemaName(account.schema_name);
    await accountSchemasOf(this.orm).untilCurrent(account.id);
    const schema = quoteIdent(account.schema_name);
    const leaseSeconds = Math.ceil(this.settings.timeoutMs / 1000) + 30;
    return this.orm.em.fork().transactional(async (em) => {
      const claimed = await em.execute<ClaimedDelivery[]>(
        `update ${schema}.webhook_delivery d
            set locked_until = now() + make_interval(secs => ?), attempts = d.attempts + 1, last_attempt_at = now()
           from ${schema}.webhook w
          where w.id = d.webhook_id
            and d.id in (select id from ${schema}.webhook_delivery
                          where status = 'PENDING' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
                          order by next_attempt_at limit ? for update skip locked)
        returning d.id, d.event, d.payload, d.attempts, d.created_at, w.url, w.secret`,
        [leaseSeconds, limit],
      );
      // In the claim's transaction: a process dying with the lease leaves the account marked for when it runs out.
      await markDeliveriesDue(em, account);
      return claimed;
    });
  }

  private async send(account: AccountRow, delivery: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify({
      id: delivery.id,
      event: delivery.event,
      createdAt: new Date(delivery.created_at).toISOString(),
      account: { id: account.id, slug: account.slug },
      data: delivery.payload,
    });
    const signature = signWebhookBody(delivery.secret, body, Math.floor(Date.now() / 1000));
    const headers = { [signatureHeader]: signature, 'Kontor-Event': delivery.event, 'Kontor-Delivery': delivery.id };
    const started = performance.now();
    const outcome = await postWebhook(delivery.url, body, headers, this.settings, this.stopping.signal);
    const durationMs = Math.round(performance.now() - started);
    await this.orm.em.fork().transactional(async (em) => {
      const finished = await this.record(em, quoteIdent(account.schema_name), delivery, outcome, durationMs);
      await markDeliveriesDue(em, account);
      if (finished) await markDeliveryFinished(em, account.id);
    });
  }

  /** Records an attempt's outcome; true when the delivery is finished (delivered or given up). */
  private async record(em: EntityManager, schema: string, delivery: ClaimedDelivery, outcome: PostOutcome, durationMs: number): Promise<boolean> {
    if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) {
      await em.execute(
        `update ${schema}.webhook_delivery set status = 'DELIVERED', delivered_at = now(), locked_until = null, last_status_code = ?, last_error = null, last_duration_ms = ? where id = ?`,
        [outcome.status, durationMs, delivery.id],
      );
      this.onOutcome?.('delivered');
      return true;
    }
    if (outcome.interrupted) {
      // Cut off by stop(): due again at once, for whichever worker runs next.
      await em.execute(`update ${schema}.webhook_delivery set next_attempt_at = now(), locked_until = null, last_error = ? where id = ?`, [outcome.error, delivery.id]);
      return false;
    }
    const delaySeconds = retryDelaySeconds(delivery.attempts, this.settings);
    // A day of retries from the change, or from a redelivery by hand.
    const [row] = await em.execute<{ status: string }[]>(
      `update ${schema}.webhook_delivery
          set status = case when coalesce(redelivered_at, created_at) + make_interval(secs => ?) < now() + make_interval(secs => ?) then 'FAILED' else 'PENDING' end,
              next_attempt_at = now() + make_interval(secs => ?), locked_until = null, last_status_code = ?, last_error = ?, last_duration_ms = ?
        where id = ?
      returning status`,
      [this.settings.giveUpAfterSeconds, delaySeconds, delaySeconds, outcome.status ?? null, outcome.error, durationMs, delivery.id],
    );
    this.onOutcome?.(row?.status === 'FAILED' ? 'failed' : 'retry');
    this.logger.info('webhook delivery failed', { deliveryId: delivery.id, attempts: delivery.attempts, status: outcome.status, error: outcome.error });
    return row?.status === 'FAILED';
  }
}

/** Exponential backoff with a little jitter, so a receiver coming back is not hit by every retry at once. */
export function retryDelaySeconds(attempts: number, settings: Pick<WebhookWorkerSettings, 'retryBaseSeconds' | 'maxRetryDelaySeconds'>): number {
  const exponential = Math.min(settings.retryBaseSeconds * 2 ** Math.max(0, attempts - 1), settings.maxRetryDelaySeconds);
  return exponential * (1 + Math.random() * 0.1);
}
