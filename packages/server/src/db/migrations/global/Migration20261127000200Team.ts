import { Migration } from '@mikro-orm/migrations';

/**
 * Invitations to join an account, the mail outbox, the database's guard that
 * an account has one owner, and the mark of a deleted account whose row must
 * stay because records that are kept by law (invoices) still refer to it.
 */
export class Migration20261127000200Team extends Migration {
  override up(): void {
    this.addSql(`
      create table invitation (
        id uuid primary key,
        account_id uuid not null references account (id) on delete cascade,
        email text not null,
        first_name text not null,
        last_name text not null,
        role text not null check (role in ('CO_OWNER', 'EXTENDED', 'NORMAL')),
        token_hash bytea not null,
        expires_at timestamptz not null,
        invited_by_user_id uuid references app_user (id),
        created_at timestamptz not null default now(),
        sent_at timestamptz not null default now(),
        accepted_at timestamptz,
        accepted_by_user_id uuid references app_user (id),
        withdrawn_at timestamptz,
        constraint invitation_token_hash_unique unique (token_hash)
      )`);
    // One open invitation per address and account: a second one would be a second valid link.
    this.addSql(`create unique index invitation_open_unique on invitation (account_id, lower(email)) where accepted_at is null and withdrawn_at is null`);
    this.addSql(`create index invitation_email_idx on invitation (lower(email)) where accepted_at is null and withdrawn_at is null`);

    this.addSql(`
      create table mail_outbox (
        id uuid primary key,
        account_id uuid references account (id) on delete cascade,
        to_address text not null,
        subject text not null,
        body_text text not null,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index mail_outbox_account_idx on mail_outbox (account_id, created_at desc)`);

    this.addSql(`create unique index membership_one_owner on membership (account_id) where role = 'OWNER'`);
    this.addSql(`alter table account add column deleted_at timestamptz`);
  }
}
