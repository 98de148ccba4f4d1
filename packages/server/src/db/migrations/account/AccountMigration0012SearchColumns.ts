import { AccountMigration } from './account-migration.js';

/**
 * Search without triggers: `search_vector` of people, companies and deals
 * becomes a stored generated column, so PostgreSQL keeps it right whatever
 * writes the row, and Citus (which refuses triggers on distributed tables)
 * can place the account on a worker as it is.
 *
 * A generated column sees only its own row, so people and deals carry their
 * company's name in `company_name`. A foreign key on (company_id,
 * company_name) keeps that copy true: a writer must name the company as it is
 * (the services read it with the company's key-share lock), a renamed company
 * renames itself in its people and deals (`on update cascade`), and a
 * deleted one leaves them without (`on delete set null`; the vector ignores a
 * name whose company_id is gone). Rows written with
 * a company but without its name are accepted and found by their own words only.
 */
export class AccountMigration0012SearchColumns extends AccountMigration {
  override up(): void {
    const s = this.schema;
    for (const trigger of ['person_search on person', 'company_search on company', 'deal_search on deal', 'company_renamed on company']) {
      const [name, table] = trigger.split(' on ');
      this.addSql(`drop trigger ${name} on ${s}.${table}`);
      this.addSql(`drop function ${s}.${name}()`);
    }
    this.addSql(`alter table ${s}.company add constraint company_id_name_key unique (id, name)`);
    for (const table of ['person', 'deal']) {
      this.addSql(`alter table ${s}.${table} add column company_name text`);
      this.addSql(`update ${s}.${table} t set company_name = c.name from ${s}.company c where c.id = t.company_id`);
      this.addSql(`alter table ${s}.${table} add constraint ${table}_company_name_fkey foreign key (company_id, company_name)
        references ${s}.company (id, name) on update cascade on delete set null`);
    }

    const words = (column: string): string => `public.kontor_search_words(${column})`;
    // The older foreign key on company_id alone may empty company_id before this one empties the name: a name without its company counts for nothing.
    const company = `case when company_id is null then '' else coalesce(company_name, '') end`;
    const phones = `${words('phones')} || ' ' || regexp_replace(${words('phones')}, '[^0-9 ]', '', 'g')`;
    const vectors = {
      person: `first_name || ' ' || last_name || ' ' || ${words('emails')} || ' ' || ${phones} || ' ' || ${company}`,
      company: `name || ' ' || coalesce(website, '') || ' ' || ${words('emails')} || ' ' || ${phones}`,
      deal: `title || ' ' || ${company}`,
    };
    for (const [table, text] of Object.entries(vectors)) {
      // Dropping the column drops its index too; the new one has the same name.
      this.addSql(`alter table ${s}.${table} drop column search_vector,
        add column search_vector tsvector not null generated always as (to_tsvector('simple', ${text})) stored`);
      this.addSql(`create index ${table}_search_idx on ${s}.${table} using gin (search_vector)`);
    }
  }
}
