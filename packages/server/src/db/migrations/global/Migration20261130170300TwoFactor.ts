import { Migration } from '@mikro-orm/migrations';

/**
 * TOTP two-factor authentication. The secret must be read to check a code,
 * so it cannot be hashed: it is encrypted (AES-256-GCM, bound to the user)
 * with the server's data key. `totp_last_step` is the newest 30-second step
 * a code was accepted for: a code (and any older one) never works twice.
 * Recovery codes are random and stored as SHA-256, each used once.
 */
export class Migration20261130170300TwoFactor extends Migration {
  override up(): void {
    this.addSql(`alter table app_user
      add column totp_secret bytea,
      add column totp_pending_secret bytea,
      add column totp_enabled_at timestamptz,
      add column totp_last_step bigint`);
    this.addSql(`
      create table recovery_code (
        id uuid primary key,
        user_id uuid not null references app_user (id) on delete cascade,
        code_hash bytea not null,
        created_at timestamptz not null default now(),
        used_at timestamptz
      )`);
    this.addSql(`create index recovery_code_user_idx on recovery_code (user_id)`);
  }
}
