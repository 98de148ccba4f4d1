import { AccountMigration } from './account-migration.js';

/**
 * The CRM: people, companies, tags, pipelines with phases, deals, tasks, notes
 * and the activity timeline. User IDs are plain UUIDs: no foreign key leaves
 * the account's schema. `search_vector` is written by the services (names,
 * e-mails, phones, company name) and indexed for prefix search.
 */
export class AccountMigration0002Crm extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`create table ${s}.tag (
      id uuid primary key,
      name text not null check (length(name) between 1 and 60),
      color text not null default '#64748b',
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index tag_name_unique on ${s}.tag (lower(name))`);

    const address = `street text, postal_code text, city text, country text`;
    const audit = `created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()`;

    this.addSql(`create table ${s}.company (
      id uuid primary key,
      name text not null check (length(name) between 1 and 200),
      website text,
      emails text[] not null default '{}',
      phones text[] not null default '{}',
      ${address},
      responsible_user_id uuid,
      search_vector tsvector not null default ''::tsvector,
      ${audit}
    )`);
    this.addSql(`create index company_name_idx on ${s}.company (lower(name), id)`);
    this.addSql(`create index company_created_idx on ${s}.company (created_at, id)`);
    this.addSql(`create index company_responsible_idx on ${s}.company (responsible_user_id)`);
    this.addSql(`create index company_search_idx on ${s}.company using gin (search_vector)`);

    this.addSql(`create table ${s}.person (
      id uuid primary key,
      first_name text not null default '',
      last_name text not null check (length(last_name) between 1 and 200),
      emails text[] not null default '{}',
      phones text[] not null default '{}',
      position text,
      company_id uuid references ${s}.company (id) on delete set null,
      birthday date,
      important_dates jsonb not null default '[]',
      ${address},
      responsible_user_id uuid,
      search_vector tsvector not null default ''::tsvector,
      ${audit}
    )`);
    this.addSql(`create index person_name_idx on ${s}.person (lower(last_name), lower(first_name), id)`);
    this.addSql(`create index person_created_idx on ${s}.person (created_at, id)`);
    this.addSql(`create index person_company_idx on ${s}.person (company_id)`);
    this.addSql(`create index person_responsible_idx on ${s}.person (responsible_user_id)`);
    this.addSql(`create index person_search_idx on ${s}.person using gin (search_vector)`);

    this.addSql(`create table ${s}.pipeline (
      id uuid primary key,
      name text not null check (length(name) between 1 and 100),
      position integer not null,
      ${audit}
    )`);
    this.addSql(`create table ${s}.phase (
      id uuid primary key,
      pipeline_id uuid not null references ${s}.pipeline (id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      position integer not null,
      ${audit}
    )`);
    this.addSql(`create index phase_pipeline_idx on ${s}.phase (pipeline_id, position)`);

    this.addSql(`create table ${s}.deal (
      id uuid primary key,
      title text not null check (length(title) between 1 and 200),
      company_id uuid references ${s}.company (id) on delete set null,
      pipeline_id uuid not null references ${s}.pipeline (id),
      phase_id uuid not null references ${s}.phase (id),
      value_cents bigint not null default 0 check (value_cents >= 0),
      currency char(3) not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
      probability integer not null default 0 check (probability between 0 and 100 and probability % 5 = 0),
      target_date date,
      status text not null default 'OPEN' check (status in ('OPEN', 'WON', 'LOST')),
      responsible_user_id uuid,
      search_vector tsvector not null default ''::tsvector,
      ${audit}
    )`);
    this.addSql(`create index deal_phase_idx on ${s}.deal (phase_id)`);
    this.addSql(`create index deal_company_idx on ${s}.deal (company_id)`);
    this.addSql(`create index deal_created_idx on ${s}.deal (created_at, id)`);
    this.addSql(`create index deal_responsible_idx on ${s}.deal (responsible_user_id)`);
    this.addSql(`create index deal_search_idx on ${s}.deal using gin (search_vector)`);
    this.addSql(`create table ${s}.deal_person (
      deal_id uuid not null references ${s}.deal (id) on delete cascade,
      person_id uuid not null references ${s}.person (id) on delete cascade,
      primary key (deal_id, person_id)
    )`);
    this.addSql(`create index deal_person_person_idx on ${s}.deal_person (person_id)`);
    this.addSql(`create table ${s}.deal_phase_change (
      id uuid primary key,
      deal_id uuid not null references ${s}.deal (id) on delete cascade,
      from_phase_id uuid,
      to_phase_id uuid not null,
      changed_by uuid,
      changed_at timestamptz not null default now()
    )`);
    this.addSql(`create index deal_phase_change_deal_idx on ${s}.deal_phase_change (deal_id, changed_at)`);

    for (const owner of ['person', 'company', 'deal']) {
      this.addSql(`create table ${s}.${owner}_tag (
        ${owner}_id uuid not null references ${s}.${owner} (id) on delete cascade,
        tag_id uuid not null references ${s}.tag (id) on delete cascade,
        primary key (${owner}_id, tag_id)
      )`);
      this.addSql(`create index ${owner}_tag_tag_idx on ${s}.${owner}_tag (tag_id)`);
    }

    this.addSql(`create table ${s}.task (
      id uuid primary key,
      title text not null check (length(title) between 1 and 300),
      due_date date,
      done boolean not null default false,
      done_at timestamptz,
      assignee_user_id uuid,
      person_id uuid references ${s}.person (id) on delete cascade,
      company_id uuid references ${s}.company (id) on delete cascade,
      deal_id uuid references ${s}.deal (id) on delete cascade,
      ${audit},
      constraint task_one_subject check (num_nonnulls(person_id, company_id, deal_id) <= 1)
    )`);
    this.addSql(`create index task_assignee_idx on ${s}.task (assignee_user_id, done)`);
    this.addSql(`create index task_due_idx on ${s}.task (done, due_date, id)`);
    for (const subject of ['person', 'company', 'deal']) this.addSql(`create index task_${subject}_idx on ${s}.task (${subject}_id)`);

    this.addSql(`create table ${s}.note (
      id uuid primary key,
      body text not null check (length(body) between 1 and 20000),
      confidential boolean not null default false,
      person_id uuid references ${s}.person (id) on delete cascade,
      company_id uuid references ${s}.company (id) on delete cascade,
      deal_id uuid references ${s}.deal (id) on delete cascade,
      ${audit},
      constraint note_one_subject check (num_nonnulls(person_id, company_id, deal_id) = 1)
    )`);
    for (const subject of ['person', 'company', 'deal']) this.addSql(`create index note_${subject}_idx on ${s}.note (${subject}_id, created_at)`);

    this.addSql(`create table ${s}.activity (
      id uuid primary key,
      subject_type text not null check (subject_type in ('PERSON', 'COMPANY', 'DEAL')),
      subject_id uuid not null,
      kind text not null check (kind in ('CREATED', 'CHANGED', 'NOTE_ADDED', 'PHASE_MOVED', 'TASK_DONE')),
      actor_user_id uuid,
      occurred_at timestamptz not null default now(),
      details jsonb not null default '{}'
    )`);
    this.addSql(`create index activity_subject_idx on ${s}.activity (subject_type, subject_id, occurred_at desc, id)`);

    this.searchTriggers();

    // Every account starts with a sales pipeline it can rename and extend.
    this.addSql(`insert into ${s}.pipeline (id, name, position) values ('00000000-0000-4000-8000-000000000001', 'Sales', 0)`);
    this.addSql(`insert into ${s}.phase (id, pipeline_id, name, position) values
      ('00000000-0000-4000-8000-000000000011', '00000000-0000-4000-8000-000000000001', 'Lead', 0),
      ('00000000-0000-4000-8000-000000000012', '00000000-0000-4000-8000-000000000001', 'Qualified', 1),
      ('00000000-0000-4000-8000-000000000013', '00000000-0000-4000-8000-000000000001', 'Proposal', 2),
      ('00000000-0000-4000-8000-000000000014', '00000000-0000-4000-8000-000000000001', 'Negotiation', 3)`);
  }

  /**
   * Keeps `search_vector` right whatever writes the row (services, hand-over,
   * imports): names, e-mails, phones (also as bare digits) and the company's
   * name, in the 'simple' configuration so that prefix search works in any language.
   */
  private searchTriggers(): void {
    const s = this.schema;
    const phones = `array_to_string(new.phones, ' ') || ' ' || regexp_replace(array_to_string(new.phones, ' '), '[^0-9 ]', '', 'g')`;
    this.addSql(`create function ${s}.person_search() returns trigger language plpgsql as $$
      begin
        new.search_vector := to_tsvector('simple', concat_ws(' ', new.first_name, new.last_name, array_to_string(new.emails, ' '), ${phones},
          (select c.name from ${s}.company c where c.id = new.company_id)));
        return new;
      end $$`);
    this.addSql(`create trigger person_search before insert or update on ${s}.person for each row execute function ${s}.person_search()`);
    this.addSql(`create function ${s}.company_search() returns trigger language plpgsql as $$
      begin
        new.search_vector := to_tsvector('simple', concat_ws(' ', new.name, new.website, array_to_string(new.emails, ' '), ${phones}));
        return new;
      end $$`);
    this.addSql(`create trigger company_search before insert or update on ${s}.company for each row execute function ${s}.company_search()`);
    this.addSql(`create function ${s}.deal_search() returns trigger language plpgsql as $$
      begin
        new.search_vector := to_tsvector('simple', concat_ws(' ', new.title, (select c.name from ${s}.company c where c.id = new.company_id)));
        return new;
      end $$`);
    this.addSql(`create trigger deal_search before insert or update on ${s}.deal for each row execute function ${s}.deal_search()`);
    // A renamed company renames itself in its people's and deals' search entries.
    this.addSql(`create function ${s}.company_renamed() returns trigger language plpgsql as $$
      begin
        update ${s}.person set company_id = company_id where company_id = new.id;
        update ${s}.deal set company_id = company_id where company_id = new.id;
        return null;
      end $$`);
    this.addSql(`create trigger company_renamed after update of name on ${s}.company for each row
      when (old.name is distinct from new.name) execute function ${s}.company_renamed()`);
  }
}
