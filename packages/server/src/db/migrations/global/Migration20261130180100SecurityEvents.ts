import { Migration } from '@mikro-orm/migrations';

/**
 * What happened to a login's security (password changed or reset, second
 * factor on or off, recovery codes renewed, a sign-in from a browser not seen
 * before, another login merged into it), listed on the profile. Each is
 * mailed too. Kept like the activity of records: the clean-up does not
 * delete them.
 */
export class Migration20261130180100SecurityEvents extends Migration {
  override up(): void {
    this.addSql(`
      create table security_event (
        id uuid primary key,
        user_id uuid not null references app_user (id) on delete cascade,
        kind text not null,
        occurred_at timestamptz not null default now(),
        user_agent text,
        ip text
      )`);
    this.addSql(`create index security_event_user_idx on security_event (user_id, occurred_at desc)`);
  }
}
