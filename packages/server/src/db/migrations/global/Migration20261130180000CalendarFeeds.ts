import { Migration } from '@mikro-orm/migrations';

/**
 * A user's private calendar feed (one per user): the iCalendar URL of their
 * tasks from every account. Only the SHA-256 of the URL's token is stored,
 * so the table cannot be turned into working URLs; regenerating replaces the
 * hash (the old URL stops working), revoking deletes the row.
 */
export class Migration20261130180000CalendarFeeds extends Migration {
  override up(): void {
    this.addSql(`create table calendar_feed (
      user_id uuid primary key references app_user (id) on delete cascade,
      token_hash bytea not null,
      created_at timestamptz not null default now(),
      last_read_at timestamptz,
      constraint calendar_feed_token_hash_unique unique (token_hash)
    )`);
  }
}
