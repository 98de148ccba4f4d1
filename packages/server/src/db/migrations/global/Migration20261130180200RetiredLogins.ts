import { Migration } from '@mikro-orm/migrations';

/**
 * A login merged into another (mergeLogin) is retired, not deleted: records,
 * notes and invoices keep naming their author. Its address moves to
 * `retired_email` and `email` becomes a placeholder nobody can type, so the
 * address is free for a new login and no log-in, reset or invitation finds the
 * old one. `merged_into` names the login that took its memberships.
 */
export class Migration20261130180200RetiredLogins extends Migration {
  override up(): void {
    this.addSql(`alter table app_user
      add column retired_at timestamptz,
      add column retired_email text,
      add column merged_into uuid references app_user (id)`);
  }
}
