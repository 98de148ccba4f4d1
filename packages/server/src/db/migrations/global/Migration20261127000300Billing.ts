import { Migration } from '@mikro-orm/migrations';

/**
 * Billing: a subscription per account (trial, billing details, SEPA mandate),
 * the history of package changes, and invoices that can never change once
 * issued. The current package stays in `account.plan_code`; `plan_change`
 * says since when each package was active, which is what invoices charge.
 */
export class Migration20261127000300Billing extends Migration {
  override up(): void {
    this.addSql(`
      create table subscription (
        account_id uuid primary key references account (id) on delete cascade,
        trial_ends_at timestamptz not null,
        company_name text,
        address_line1 text,
        address_line2 text,
        postal_code text,
        city text,
        country text check (country ~ '^[A-Z]{2}$'),
        vat_id text,
        invoice_email text,
        -- AES-256-GCM (nonce || tag || ciphertext) under the server's billing key: a debit run needs the whole IBAN, nobody else does.
        iban_encrypted bytea,
        iban_last4 text check (iban_last4 ~ '^[0-9A-Z]{4}$'),
        sepa_account_holder text,
        sepa_mandate_reference text,
        sepa_mandate_signed_at timestamptz,
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table plan_change (
        id uuid primary key,
        account_id uuid not null references account (id) on delete cascade,
        from_plan_code text references plan (code),
        to_plan_code text not null references plan (code),
        changed_at timestamptz not null,
        changed_by_user_id uuid references app_user (id)
      )`);
    this.addSql(`create index plan_change_account_idx on plan_change (account_id, changed_at)`);

    // Accounts that exist already: their trial counts from their creation, their package from then on.
    this.addSql(`insert into subscription (account_id, trial_ends_at) select id, created_at + interval '30 days' from account`);
    this.addSql(`
      insert into plan_change (id, account_id, from_plan_code, to_plan_code, changed_at, changed_by_user_id)
      select gen_random_uuid(), id, null, plan_code, created_at, created_by_user_id from account`);

    this.addSql(`create table invoice_counter (year integer primary key, last_number integer not null check (last_number >= 0))`);
    this.addSql(`
      create table invoice (
        id uuid primary key,
        number text not null unique,
        account_id uuid not null references account (id),
        period date not null check (extract(day from period) = 1),
        billed_to jsonb not null,
        lines jsonb not null,
        net_cents integer not null check (net_cents >= 0),
        vat_rate_basis_points integer not null check (vat_rate_basis_points >= 0),
        vat_cents integer not null check (vat_cents >= 0),
        gross_cents integer not null check (gross_cents = net_cents + vat_cents),
        currency text not null default 'EUR' check (currency = 'EUR'),
        reverse_charge boolean not null,
        issued_at timestamptz not null,
        due_date date not null,
        constraint invoice_account_period_unique unique (account_id, period)
      )`);
    this.addSql(`create index invoice_account_idx on invoice (account_id, period desc)`);
    // An issued invoice is a legal document: corrections are new documents, never edits.
    this.addSql(`
      create function invoice_is_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'issued invoices cannot be changed or deleted (% refused)', tg_op using errcode = 'P0001';
      end $$`);
    this.addSql(`create trigger invoice_immutable before update or delete on invoice for each row execute function invoice_is_immutable()`);
    this.addSql(`create trigger invoice_no_truncate before truncate on invoice for each statement execute function invoice_is_immutable()`);

    this.addSql(`
      create table invoice_delivery (
        invoice_id uuid primary key references invoice (id),
        recipient text not null,
        attempts integer not null default 0,
        sent_at timestamptz,
        last_error text,
        updated_at timestamptz not null default now()
      )`);

    // Months whose run finished: the daily schedule catches up on the ones after the last.
    this.addSql(`create table billing_run (period date primary key, completed_at timestamptz not null default now())`);
  }
}
