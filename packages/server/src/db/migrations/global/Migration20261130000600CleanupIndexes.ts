import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes the retention clean-up (cleanup/retention-cleanup.ts) reads by, so
 * each of its bounded batches finds its rows without reading whole tables:
 * when a session ended (revoked or expired, whichever came first), when a
 * rate-limit window started, when an outbox mail was written.
 */
export class Migration20261130000600CleanupIndexes extends Migration {
  override up(): void {
    this.addSql('create index session_ended_idx on session (least(revoked_at, expires_at))');
    this.addSql('create index rate_limit_window_idx on rate_limit (window_start)');
    this.addSql('create index mail_outbox_created_idx on mail_outbox (created_at)');
  }
}
