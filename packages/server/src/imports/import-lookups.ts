import type { AccountScope } from '../request/account-scope.js';
import { ImportKind } from './import-fields.js';
import type { RowDraft } from './import-row.js';

/**
 * What a batch of rows needs to know about the account, asked in a few
 * statements per batch (never one per row): existing people by e-mail and by
 * name + company, companies by name, which of those companies have people
 * (for the contact count), and tags by name. Rows written during the batch
 * are added as they are written, so a file that names the same person twice
 * finds the first one.
 */
/**
 * The people with any of the given addresses (lower case), each address
 * asked of person_emails_idx on its own: asked as one overlap (`&&`) of
 * hundreds of addresses, the planner expects every person to match (until
 * the table has statistics, which an account's first import outruns) and
 * reads them all.
 */
export const peopleByEmailSql = `select p.id, w.email from unnest(?::text[]) as w(email)
  cross join lateral (select p.id, p.created_at from person p where public.kontor_lowercase(p.emails) @> array[w.email]) p
  order by p.created_at`;

export class BatchLookups {
  readonly personByEmail = new Map<string, string>();
  readonly personByName = new Map<string, string>();
  readonly companyByName = new Map<string, string>();
  /** Each known company's name as stored: people carry it (`company_name`, kept true by a foreign key). */
  readonly companyNames = new Map<string, string>();
  readonly companiesWithPeople = new Set<string>();
  readonly tagByName = new Map<string, string>();

  static async load(scope: AccountScope, kind: ImportKind, drafts: RowDraft[]): Promise<BatchLookups> {
    const lookups = new BatchLookups();
    const emails = [...new Set(drafts.flatMap((draft) => draft.emails.map(lower)))];
    const lastNames = [...new Set(drafts.filter((draft) => draft.emails.length === 0 && draft.lastName).map((draft) => lower(draft.lastName)))];
    const companyKeys = [...new Set(drafts.map((draft) => (kind === ImportKind.PEOPLE ? draft.companyName : draft.name)).filter((name): name is string => !!name).map(lower))];
    const tags = [...new Set(drafts.flatMap((draft) => draft.tags.map(lower)))];
    if (kind === ImportKind.PEOPLE && emails.length > 0) {
      const rows = await scope.query<{ id: string; email: string }>(peopleByEmailSql, [emails]);
      for (const row of rows) if (!lookups.personByEmail.has(row.email)) lookups.personByEmail.set(row.email, row.id);
    }
    if (kind === ImportKind.PEOPLE && lastNames.length > 0) {
      const rows = await scope.query<{ id: string; first_name: string; last_name: string; company: string | null }>(
        `select p.id, p.first_name, p.last_name, c.name as company from person p left join company c on c.id = p.company_id
          where lower(p.last_name) = any(?::text[]) order by p.created_at`,
        [lastNames],
      );
      for (const row of rows) {
        const key = nameKey(row.first_name, row.last_name, row.company);
        if (!lookups.personByName.has(key)) lookups.personByName.set(key, row.id);
      }
    }
    if (companyKeys.length > 0) {
      const rows = await scope.query<{ id: string; name: string; stored_name: string; has_people: boolean }>(
        `select c.id, lower(c.name) as name, c.name as stored_name, exists (select 1 from person p where p.company_id = c.id) as has_people
           from company c where lower(c.name) = any(?::text[]) order by c.created_at`,
        [companyKeys],
      );
      for (const row of rows) {
        if (!lookups.companyByName.has(row.name)) lookups.companyByName.set(row.name, row.id);
        lookups.companyNames.set(row.id, row.stored_name);
        if (row.has_people) lookups.companiesWithPeople.add(row.id);
      }
    }
    if (tags.length > 0) {
      const rows = await scope.query<{ id: string; name: string }>(`select id, lower(name) as name from tag where lower(name) = any(?::text[])`, [tags]);
      for (const row of rows) lookups.tagByName.set(row.name, row.id);
    }
    return lookups;
  }

  /** The existing record a draft duplicates, and by what. */
  duplicateOf(kind: ImportKind, draft: RowDraft): { id: string; by: 'email' | 'name' } | null {
    if (kind === ImportKind.COMPANIES) {
      const id = this.companyByName.get(lower(draft.name));
      return id ? { id, by: 'name' } : null;
    }
    for (const email of draft.emails) {
      const id = this.personByEmail.get(lower(email));
      if (id) return { id, by: 'email' };
    }
    if (draft.emails.length > 0) return null;
    const id = this.personByName.get(nameKey(draft.firstName, draft.lastName, draft.companyName));
    return id ? { id, by: 'name' } : null;
  }

  rememberPerson(id: string, draft: RowDraft): void {
    for (const email of draft.emails) if (!this.personByEmail.has(lower(email))) this.personByEmail.set(lower(email), id);
    const key = nameKey(draft.firstName, draft.lastName, draft.companyName);
    if (!this.personByName.has(key)) this.personByName.set(key, id);
  }

  /** Undoes `rememberPerson` for a person the database refused. */
  forgetPerson(id: string, draft: RowDraft): void {
    for (const email of draft.emails) if (this.personByEmail.get(lower(email)) === id) this.personByEmail.delete(lower(email));
    const key = nameKey(draft.firstName, draft.lastName, draft.companyName);
    if (this.personByName.get(key) === id) this.personByName.delete(key);
  }
}

export const lower = (text: string) => text.trim().toLowerCase();

function nameKey(firstName: string, lastName: string, company: string | null): string {
  return JSON.stringify([lower(firstName), lower(lastName), lower(company ?? '')]);
}
