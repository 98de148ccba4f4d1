import { Migration } from '@mikro-orm/migrations';

/**
 * Account API keys. Only a SHA-256 hash of the secret is stored; `public_id`
 * (also visible in the key itself) finds the row without a hash index, so the
 * hash can be compared in constant time. Deleting an account deletes its keys.
 */
export class Migration20261127000400ApiKeys extends Migration {
  override up(): void {
    this.addSql(`
      create table api_key (
        id uuid primary key,
        account_id uuid not null references account (id) on delete cascade,
        name text not null check (length(name) between 1 and 100),
        role text not null check (role in ('CO_OWNER', 'EXTENDED', 'NORMAL')),
        public_id text not null,
        prefix text not null,
        secret_hash bytea not null,
        created_by uuid not null references app_user (id),
        created_at timestamptz not null default now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        constraint api_key_public_id_unique unique (public_id)
      )`);
    this.addSql(`create index api_key_account_idx on api_key (account_id, created_at)`);
  }
}
