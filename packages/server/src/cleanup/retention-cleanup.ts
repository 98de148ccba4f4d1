import { auditRetentionDays } from '../audit/audit-trail.js';
import { assertAccountSchemaName } from '../db/account-schema.js';
import { accountSchemasOf } from '../db/account-schemas.js';
import { accountsWithOldFinishedDeliveries, markFinishedKept } from '../webhooks/webhook-work.js';
import { sweepDeletedFiles } from '../files/file-sweep.js';
import type { FileStorage } from '../files/storage/file-storage.js';
import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import type { Logger } from '../logging/logger.js';

/**
 * What the clean-up keeps, and for how long (`retentionDays`, 30 by default):
 * - sessions: until `retentionDays` after they ended (logged out, revoked or
 *   expired), so "where and when was I signed in" stays answerable a while;
 * - rate-limit counters: until a day after their window started (longer than
 *   any window; a counter past its window counts nothing any more);
 * - passkey challenges never answered: once expired (5 minutes; a password
 *   log-in of a login with passkeys makes one each time);
 * - outbox mails: `retentionDays` after they were written. The outbox is
 *   where mail goes when no SMTP server is configured, so there is no
 *   "unsent" mail in it; the links inside (invitations, 7 days; invoice
 *   downloads) expire long before;
 * - webhook deliveries (in each account's schema): DELIVERED and FAILED ones
 *   `retentionDays` after their last attempt; PENDING ones are never touched.
 *   Only accounts whose mark in `webhook_work` says they may have such
 *   deliveries are visited (webhooks/webhook-work.ts), not every account;
 * - the audit trail (in each account's schema): entries older than
 *   `auditRetentionDays` (400: a year and a month, so last year's review
 *   still finds its month). Only accounts older than that are visited (a
 *   younger one cannot have such entries). The account's role may not delete
 *   them, so this is the one delete the clean-up runs as the schema's owner;
 * - activity (each record's timeline) is history, and kept for good; so are
 *   invoices, their deliveries and package changes (accounting).
 * Rows go in batches of `batchSize`, each batch its own short transaction,
 * so no lock is held for long and a large backlog does not stall anything.
 */
export interface RetentionSettings {
  retentionDays: number;
  batchSize?: number;
  /** Where uploaded files are kept: the bytes of deleted files are removed from it (files/file-sweep.ts). */
  fileStorage?: FileStorage;
}

export interface CleanupResult {
  sessions: number;
  rateLimits: number;
  /** Passkey challenges (registrations, log-ins, password steps) past their 5 minutes, never answered. */
  passkeyChallenges: number;
  outboxMails: number;
  webhookDeliveries: number;
  /** Audit trail entries past their retention. */
  auditEvents: number;
  /** Deleted files whose bytes left the storage. */
  files: number;
  /** Accounts whose deliveries could not be cleaned this time (logged); the next run tries again. */
  accountsSkipped: number;
  /** Account schemas the run looked into (those with finished deliveries past retention, or old enough to hold audit entries past theirs). */
  accountsVisited: number;
}

const rateLimitKeepSeconds = 24 * 60 * 60;
const finishedDelivery = `status in ('DELIVERED', 'FAILED') and coalesce(last_attempt_at, delivered_at, created_at) < now() - make_interval(days => ?)`;

export async function runRetentionCleanup(orm: Orm, settings: RetentionSettings, logger: Logger): Promise<CleanupResult> {
  const started = performance.now();
  const batchSize = settings.batchSize ?? 1000;
  const days = settings.retentionDays;
  const inBatches = (sql: string, params: unknown[]) => deleteInBatches(orm, sql, params, batchSize);

  // Each outer delete repeats its condition: a row changed meanwhile (a counter hit again) is skipped.
  const ended = 'least(revoked_at, expires_at) < now() - make_interval(days => ?)';
  const sessions = await inBatches(`delete from session where id in (select id from session where ${ended} limit ?) and ${ended}`, [days, batchSize, days]);
  const stale = 'window_start < now() - make_interval(secs => ?)';
  const rateLimits = await inBatches(`delete from rate_limit where key in (select key from rate_limit where ${stale} limit ?) and ${stale}`, [
    rateLimitKeepSeconds,
    batchSize,
    rateLimitKeepSeconds,
  ]);
  const expired = 'expires_at < now()';
  const passkeyChallenges = await inBatches(`delete from webauthn_challenge where id in (select id from webauthn_challenge where ${expired} limit ?) and ${expired}`, [batchSize]);
  const old = 'created_at < now() - make_interval(days => ?)';
  const outboxMails = await inBatches(`delete from mail_outbox where id in (select id from mail_outbox where ${old} limit ?) and ${old}`, [days, batchSize, days]);

  const files = settings.fileStorage ? await sweepDeletedFiles(orm, settings.fileStorage) : 0;
  let webhookDeliveries = 0;
  let accountsSkipped = 0;
  const accounts = await accountsWithOldFinishedDeliveries(orm, days);
  for (const account of accounts) {
    try {
      await accountSchemasOf(orm).untilCurrent(account.id);
      webhookDeliveries += await deleteFinishedDeliveries(orm, account.schema_name, days, batchSize);
      await orm.em.fork().transactional((em) => markFinishedKept(em, account));
    } catch (error) {
      // One account's trouble (its schema dropped with the account a moment ago) must not hold up the others.
      accountsSkipped++;
      logger.warn('clean-up skipped an account', { accountId: account.id, error });
    }
  }

  let auditEvents = 0;
  const oldAccounts = await orm.em
    .fork()
    .execute<{ id: string; schema_name: string }[]>(`select id, schema_name from account where deleted_at is null and created_at < now() - make_interval(days => ?) order by created_at`, [auditRetentionDays]);
  for (const account of oldAccounts) {
    try {
      await accountSchemasOf(orm).untilCurrent(account.id);
      auditEvents += await deleteOldAuditEvents(orm, account.schema_name, batchSize);
    } catch (error) {
      accountsSkipped++;
      logger.warn('clean-up skipped an account', { accountId: account.id, error });
    }
  }

  const accountsVisited = new Set([...accounts, ...oldAccounts].map((account) => account.id)).size;
  const result = { sessions, rateLimits, passkeyChallenges, outboxMails, webhookDeliveries, auditEvents, files, accountsSkipped, accountsVisited };
  logger.info('clean-up finished', { ...result, durationMs: Math.round(performance.now() - started) });
  return result;
}

async function deleteInBatches(orm: Orm, sql: string, params: unknown[], batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { affectedRows } = await orm.em.fork().execute<{ affectedRows: number }>(sql, params, 'run');
    total += affectedRows;
    if (affectedRows < batchSize) return total;
  }
}

/** Under the account's own role, like every other touch of its schema: it can reach nothing else. */
async function deleteFinishedDeliveries(orm: Orm, schemaName: string, days: number, batchSize: number): Promise<number> {
  assertAccountSchemaName(schemaName);
  const schema = quoteIdent(schemaName);
  let total = 0;
  for (;;) {
    const deleted = await orm.em.fork().transactional(async (em) => {
      await em.execute(`set local role ${schema}`);
      // Waiting behind a delivery being sent is pointless: skip the batch, the next run gets it.
      await em.execute(`set local lock_timeout = '2s'`);
      const { affectedRows } = await em.execute<{ affectedRows: number }>(
        `delete from ${schema}.webhook_delivery
         where id in (select id from ${schema}.webhook_delivery where ${finishedDelivery} limit ? for update skip locked) and ${finishedDelivery}`,
        [days, batchSize, days],
        'run',
      );
      return affectedRows;
    });
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** As the schema's owner (the account's role may not delete audit entries): entries past `auditRetentionDays`, in batches. */
async function deleteOldAuditEvents(orm: Orm, schemaName: string, batchSize: number): Promise<number> {
  assertAccountSchemaName(schemaName);
  const table = `${quoteIdent(schemaName)}.audit_event`;
  const old = 'occurred_at < now() - make_interval(days => ?)';
  return deleteInBatches(orm, `delete from ${table} where id in (select id from ${table} where ${old} limit ?) and ${old}`, [auditRetentionDays, batchSize, auditRetentionDays], batchSize);
}
