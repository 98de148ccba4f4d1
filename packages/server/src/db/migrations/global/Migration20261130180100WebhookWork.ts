import { Migration } from '@mikro-orm/migrations';

/**
 * Which accounts' webhook deliveries need a look (webhooks/webhook-work.ts),
 * so that neither the webhook worker nor the retention clean-up visits every
 * account schema on each pass: `due_at` is when the account's next pending
 * delivery may be claimed, `oldest_finished_at` a lower bound of its oldest
 * kept finished delivery. Written by the workers and the clean-up only.
 * Existing accounts start marked, so each is looked at once and then only
 * when it has work.
 */
export class Migration20261130180100WebhookWork extends Migration {
  override up(): void {
    this.addSql(`create table webhook_work (
      account_id uuid primary key references account (id) on delete cascade,
      due_at timestamptz,
      oldest_finished_at timestamptz
    )`);
    this.addSql(`create index webhook_work_due_idx on webhook_work (due_at) where due_at is not null`);
    this.addSql(`create index webhook_work_finished_idx on webhook_work (oldest_finished_at) where oldest_finished_at is not null`);
    this.addSql(`insert into webhook_work (account_id, due_at, oldest_finished_at) select id, now(), '-infinity' from account where deleted_at is null`);
  }
}
