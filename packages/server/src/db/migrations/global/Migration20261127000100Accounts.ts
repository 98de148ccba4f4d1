import { Migration } from '@mikro-orm/migrations';

/** Users, the package catalogue, accounts' packages, memberships, sessions and rate-limit counters. */
export class Migration20261127000100Accounts extends Migration {
  override up(): void {
    this.addSql(`
      create table plan (
        code text primary key,
        name text not null,
        price_cents integer not null check (price_cents >= 0),
        max_users integer not null check (max_users > 0),
        max_contacts integer not null check (max_contacts > 0),
        storage_bytes bigint not null check (storage_bytes > 0),
        sort_order integer not null
      )`);
    this.addSql(`
      insert into plan (code, name, price_cents, max_users, max_contacts, storage_bytes, sort_order) values
        ('SOLO', 'Solo', 900, 1, 1000, 1073741824, 1),
        ('TEAM', 'Team', 4900, 5, 10000, 10737418240, 2),
        ('BUSINESS', 'Business', 14900, 20, 50000, 53687091200, 3),
        ('ENTERPRISE', 'Enterprise', 49900, 100, 500000, 536870912000, 4)`);

    this.addSql(`
      create table app_user (
        id uuid primary key,
        email text not null,
        password_hash text not null,
        name text not null,
        locale text not null default 'en',
        last_account_id uuid,
        created_at timestamptz not null default now()
      )`);
    // E-mail addresses are unique regardless of case.
    this.addSql(`create unique index app_user_email_unique on app_user (lower(email))`);

    this.addSql(`alter table account add column plan_code text not null references plan (code)`);
    this.addSql(`alter table account add column created_by_user_id uuid references app_user (id)`);

    this.addSql(`
      create table membership (
        id uuid primary key,
        user_id uuid not null references app_user (id),
        account_id uuid not null references account (id) on delete cascade,
        role text not null check (role in ('OWNER', 'CO_OWNER', 'EXTENDED', 'NORMAL')),
        status text not null default 'ACTIVE' check (status in ('ACTIVE', 'DEACTIVATED')),
        created_at timestamptz not null default now(),
        last_active_at timestamptz,
        constraint membership_user_account_unique unique (user_id, account_id)
      )`);
    this.addSql(`create index membership_account_idx on membership (account_id)`);

    this.addSql(`
      create table session (
        id uuid primary key,
        user_id uuid not null references app_user (id),
        refresh_token_hash bytea not null,
        previous_token_hash bytea,
        rotated_at timestamptz,
        created_at timestamptz not null default now(),
        last_used_at timestamptz not null default now(),
        expires_at timestamptz not null,
        revoked_at timestamptz,
        revoked_reason text,
        user_agent text,
        ip text
      )`);
    this.addSql(`create index session_user_idx on session (user_id)`);

    this.addSql(`
      create table rate_limit (
        key text primary key,
        window_start timestamptz not null,
        hits integer not null
      )`);
  }
}
