import { AccountMigration } from './account-migration.js';

/**
 * Custom fields (customfields/): each account's own fields are real, typed
 * columns (`cf_<12 hex>`) of its own person, company and deal tables, with
 * real indexes, so filters and sorts read an index like the built-in ones.
 *
 * - `custom_field`: the definitions (name unique per record type, case aside).
 * - `kontor_custom_column(...)`: the one way to add, retype or drop such a
 *   column. Requests run as the account's role, which owns nothing and may not
 *   run DDL; this function runs as the tables' owner (SECURITY DEFINER) but
 *   only on this schema's person, company and deal tables, only on columns
 *   named `cf_` and 12 hex digits, only with the types custom fields use, and
 *   it builds each index itself. Only this schema's role may call it. Its body
 *   names its schema, so a claimed spare schema re-creates it with the new
 *   name (account-schema.ts).
 * - `custom_text`: what the record's text-like custom values say, written by
 *   the service (no triggers: Citus refuses them), and part of the generated
 *   `search_vector` from now on (the vectors of migration 0012, plus it).
 */
export class AccountMigration0050CustomFields extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`create table ${s}.custom_field (
      id uuid primary key,
      record_type text not null check (record_type in ('person', 'company', 'deal')),
      name text not null,
      description text,
      type text not null,
      position integer not null,
      show_in_list boolean not null default false,
      currency text,
      choices jsonb not null default '[]',
      column_name text not null unique check (column_name ~ '^cf_[0-9a-f]{12}$'),
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index custom_field_name_key on ${s}.custom_field (record_type, lower(name))`);
    this.addSql(`create index custom_field_order_idx on ${s}.custom_field (record_type, position)`);
    this.addSql(customColumnFunction(s));
    // An import's columns may map to custom fields: per column a field ID or null.
    this.addSql(`alter table ${s}.import_run add column custom_mapping jsonb`);
    this.addSql(`revoke all on function ${s}.kontor_custom_column(text, text, text, text) from public`);
    // The account's role has the schema's name.
    this.addSql(`grant execute on function ${s}.kontor_custom_column(text, text, text, text) to ${s}`);

    const words = (column: string): string => `public.kontor_search_words(${column})`;
    const company = `case when company_id is null then '' else coalesce(company_name, '') end`;
    const phones = `${words('phones')} || ' ' || regexp_replace(${words('phones')}, '[^0-9 ]', '', 'g')`;
    const vectors = {
      person: `first_name || ' ' || last_name || ' ' || ${words('emails')} || ' ' || ${phones} || ' ' || ${company}`,
      company: `name || ' ' || coalesce(website, '') || ' ' || ${words('emails')} || ' ' || ${phones}`,
      deal: `title || ' ' || ${company}`,
    };
    for (const [table, text] of Object.entries(vectors)) {
      this.addSql(`alter table ${s}.${table} add column custom_text text not null default ''`);
      this.addSql(`alter table ${s}.${table} drop column search_vector,
        add column search_vector tsvector not null generated always as (to_tsvector('simple', ${text} || ' ' || custom_text)) stored`);
      this.addSql(`create index ${table}_search_idx on ${s}.${table} using gin (search_vector)`);
    }
  }
}

/**
 * `action`: add (a new column with its indexes), retype (drop its indexes,
 * convert every value with a cast the service has checked beforehand, index
 * again) or drop. Text gets a b-tree of its lower case (equals, set or
 * empty, sorting) and a trigram index (contains); a multiple choice a GIN
 * index (any of) and a b-tree (set or empty); the others a b-tree. A single choice becomes a multiple one as a one-element
 * array and back as its first element; every other change casts through text.
 */
export function customColumnFunction(s: string, { ginWithoutPendingList = false, orReplace = false } = {}): string {
  const schemaName = s.replace(/"/g, '');
  // Migration 0160: GIN indexes that take each new row at once (see there); this migration's as it was.
  const gin = ginWithoutPendingList ? ' with (fastupdate = off)' : '';
  return `create ${orReplace ? 'or replace ' : ''}function ${s}.kontor_custom_column(action text, record_table text, column_name text, column_type text) returns void
    language plpgsql security definer set search_path = pg_catalog, pg_temp as $fn$
    declare
      target text;
      old_type text;
      conversion text;
    begin
      if record_table not in ('person', 'company', 'deal') then
        raise exception 'custom columns belong to person, company or deal, not %', record_table;
      end if;
      if column_name !~ '^cf_[0-9a-f]{12}$' then
        raise exception 'a custom column is named cf_ and 12 hex digits, not %', column_name;
      end if;
      target := format('%I.%I', '${schemaName}', record_table);
      if action = 'drop' then
        execute format('alter table %s drop column %I', target, column_name);
        return;
      end if;
      if column_type not in ('text', 'numeric', 'date', 'boolean', 'uuid', 'uuid[]') then
        raise exception 'custom columns have the types text, numeric, date, boolean, uuid or uuid[], not %', column_type;
      end if;
      if action = 'add' then
        execute format('alter table %s add column %I %s', target, column_name, column_type);
      elsif action = 'retype' then
        select format_type(a.atttypid, a.atttypmod) into old_type from pg_attribute a
          where a.attrelid = target::regclass and a.attname = column_name and not a.attisdropped;
        if old_type is null then raise exception 'there is no column % on %', column_name, target; end if;
        execute format('drop index if exists %I.%I', '${schemaName}', column_name || '_idx');
        execute format('drop index if exists %I.%I', '${schemaName}', column_name || '_gin_idx');
        if old_type = 'uuid' and column_type = 'uuid[]' then
          conversion := format('case when %1$I is null then null else array[%1$I] end', column_name);
        elsif old_type = 'uuid[]' and column_type = 'uuid' then
          conversion := format('%I[1]', column_name);
        else
          conversion := format('nullif(btrim(%I::text), '''')::%s', column_name, column_type);
        end if;
        execute format('alter table %s alter column %I type %s using %s', target, column_name, column_type, conversion);
      else
        raise exception 'unknown action %', action;
      end if;
      if column_type = 'uuid[]' then
        execute format('create index %I on %s using gin (%I)${gin}', column_name || '_gin_idx', target, column_name);
      elsif column_type = 'text' then
        execute format('create index %I on %s using gin (%I public.gin_trgm_ops)${gin}', column_name || '_gin_idx', target, column_name);
        -- Text is compared and sorted case aside.
        execute format('create index %I on %s (lower(%I))', column_name || '_idx', target, column_name);
        return;
      end if;
      execute format('create index %I on %s (%I)', column_name || '_idx', target, column_name);
    end
    $fn$`;
}
