import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAccountSchemaName, schemaNamePattern } from '../db/account-schema.js';
import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';

/**
 * Which accounts have webhook work (global table `webhook_work`), so that
 * the webhook worker and the retention clean-up look at those accounts only,
 * not at every account schema on every pass:
 * - `due_at`: when the account's next pending delivery may be claimed (its
 *   next attempt, or the end of the lease it is being sent under). New
 *   deliveries need no mark: the transaction that queues one notifies the
 *   workers, naming the account (webhook-events.ts). The mark is for retries
 *   and leases, and is recomputed from the account's pending deliveries
 *   whenever a worker claims or records one.
 * - `oldest_finished_at`: no finished delivery of the account is older than
 *   this (a lower bound): set when a delivery finishes and none was marked,
 *   recomputed by the clean-up after it deleted what was past retention.
 * Every write happens under a per-account transaction lock, computing from
 * what is committed at that moment, so the last writer is always right.
 */

export interface AccountWithWebhookWork {
  id: string;
  slug: string;
  schema_name: string;
}

const accountColumns = 'a.id, a.slug, a.schema_name';

/** Accounts with a delivery due now, and those named (notified, or with more waiting than the last pass took). */
export async function accountsWithDueDeliveries(orm: Orm, named: Iterable<string>): Promise<AccountWithWebhookWork[]> {
  return orm.em.fork().execute<AccountWithWebhookWork[]>(
    `select ${accountColumns} from account a
      where a.deleted_at is null
        and (a.schema_name = any(?::text[]) or a.id in (select account_id from webhook_work where due_at <= now()))
      order by a.created_at`,
    [`{${[...named].filter((name) => schemaNamePattern.test(name)).join(',')}}`],
  );
}

/** Every account: what a pass at start, or after the notifications' connection was lost, looks at. */
export async function allAccounts(orm: Orm): Promise<AccountWithWebhookWork[]> {
  return orm.em.fork().execute<AccountWithWebhookWork[]>(`select ${accountColumns} from account a where a.deleted_at is null order by a.created_at`);
}

/** Accounts that may have finished deliveries older than `days`. */
export async function accountsWithOldFinishedDeliveries(orm: Orm, days: number): Promise<AccountWithWebhookWork[]> {
  return orm.em.fork().execute<AccountWithWebhookWork[]>(
    `select ${accountColumns} from account a join webhook_work w on w.account_id = a.id
      where a.deleted_at is null and w.oldest_finished_at < now() - make_interval(days => ?)
      order by a.created_at`,
    [days],
  );
}

/** After claiming or recording deliveries (in the same transaction): when the account next needs a worker. */
export async function markDeliveriesDue(em: EntityManager, account: { id: string; schema_name: string }): Promise<void> {
  await lockWorkOf(em, account.id);
  const [row] = await em.execute<{ due_at: Date | null }[]>(
    `select min(greatest(next_attempt_at, coalesce(locked_until, next_attempt_at))) as due_at from ${schemaOf(account)}.webhook_delivery where status = 'PENDING'`,
  );
  await writeWork(em, account.id, 'due_at', row?.due_at ?? null);
}

/** When a delivery finished (delivered or given up): the account has something for the clean-up, from now at the latest. */
export async function markDeliveryFinished(em: EntityManager, accountId: string): Promise<void> {
  await lockWorkOf(em, accountId);
  await em.execute(
    `insert into webhook_work (account_id, oldest_finished_at) values (?, now())
     on conflict (account_id) do update set oldest_finished_at = coalesce(webhook_work.oldest_finished_at, excluded.oldest_finished_at)`,
    [accountId],
  );
}

/**
 * After the clean-up deleted what was past retention: the oldest kept
 * finished delivery's creation (a lower bound of its finish), read per
 * webhook from the (webhook_id, created_at) index instead of scanning every
 * delivery. A pending one finishes later, and marks the account then.
 */
export async function markFinishedKept(em: EntityManager, account: { id: string; schema_name: string }): Promise<void> {
  await lockWorkOf(em, account.id);
  const schema = schemaOf(account);
  const [row] = await em.execute<{ oldest: Date | null }[]>(
    `select min(d.created_at) as oldest from ${schema}.webhook w
       cross join lateral (
         select created_at from ${schema}.webhook_delivery where webhook_id = w.id and status <> 'PENDING' order by created_at limit 1
       ) d`,
  );
  await writeWork(em, account.id, 'oldest_finished_at', row?.oldest ?? null);
}

async function lockWorkOf(em: EntityManager, accountId: string): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtext('kontor-webhook-work'), hashtext(?))`, [accountId]);
}

/** Writes only what changed: a pass at start looks at every account, most of which have no mark and get none. */
async function writeWork(em: EntityManager, accountId: string, column: 'due_at' | 'oldest_finished_at', value: Date | null): Promise<void> {
  if (value === null) {
    const { affectedRows } = await em.execute<{ affectedRows: number }>(`update webhook_work set ${column} = null where account_id = ? and ${column} is not null`, [accountId], 'run');
    if (affectedRows > 0) await em.execute(`delete from webhook_work where account_id = ? and due_at is null and oldest_finished_at is null`, [accountId]);
    return;
  }
  await em.execute(
    `insert into webhook_work (account_id, ${column}) values (?, ?)
     on conflict (account_id) do update set ${column} = excluded.${column} where webhook_work.${column} is distinct from excluded.${column}`,
    [accountId, value],
  );
}

function schemaOf(account: { schema_name: string }): string {
  assertAccountSchemaName(account.schema_name);
  return quoteIdent(account.schema_name);
}
