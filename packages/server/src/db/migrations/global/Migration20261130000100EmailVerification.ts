import { Migration } from '@mikro-orm/migrations';

/**
 * E-mail verification. `app_user.email_verified_at` stays null for every
 * login that exists already: nobody has proved their address yet, so they
 * count as unverified until they open a verification link (or accept an
 * invitation through its mailed link).
 *
 * `email_verification` keeps one row per link sent: only the SHA-256 of the
 * link's token, the address it was sent to (so a link stops working when the
 * address changes), when it expires and when it was used (single use).
 */
export class Migration20261130000100EmailVerification extends Migration {
  override up(): void {
    this.addSql(`alter table app_user add column email_verified_at timestamptz`);
    this.addSql(`
      create table email_verification (
        id uuid primary key,
        user_id uuid not null references app_user (id) on delete cascade,
        email text not null,
        token_hash bytea not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz,
        constraint email_verification_token_hash_unique unique (token_hash)
      )`);
    this.addSql(`create index email_verification_user_idx on email_verification (user_id)`);
  }
}
