import { Migration } from '@mikro-orm/migrations';

/**
 * Passkeys (WebAuthn): a login's public-key credentials, and the challenges
 * of registrations and log-ins in flight (in the database, so any server
 * process may finish what another began; each is taken once and expires).
 */
export class Migration20261130180300Passkeys extends Migration {
  override up(): void {
    this.addSql(`
      create table passkey (
        id uuid primary key,
        user_id uuid not null references app_user (id) on delete cascade,
        credential_id text not null unique,
        public_key bytea not null,
        counter bigint not null default 0,
        transports text[] not null default '{}',
        name text not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz
      )`);
    this.addSql(`create index passkey_user_idx on passkey (user_id)`);
    this.addSql(`
      create table webauthn_challenge (
        id uuid primary key,
        user_id uuid references app_user (id) on delete cascade,
        purpose text not null check (purpose in ('register', 'log-in')),
        challenge text not null,
        expires_at timestamptz not null
      )`);
  }
}
