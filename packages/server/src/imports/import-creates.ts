import { randomUUID } from 'node:crypto';
import { quoteIdent } from '../db/sql.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { customTextExpression } from '../customfields/custom-field-definitions.js';
import { valueFromCell } from '../customfields/custom-field-import.js';
import { valueFromInput } from '../customfields/custom-field-kinds.js';
import type { CustomField } from '../customfields/custom-field.types.js';
import { ImportKind } from './import-fields.js';
import { lower, type BatchLookups } from './import-lookups.js';
import type { RowDraft } from './import-row.js';

/** What a batch writes besides the records: the changes undo needs, the timeline, the webhook payloads. */
export interface Ledger {
  changes: { type: 'PERSON' | 'COMPANY' | 'TAG'; id: string; action: 'CREATED' | 'UPDATED'; before: unknown }[];
  activities: { type: 'PERSON' | 'COMPANY'; id: string; kind: 'CREATED' | 'CHANGED'; details: object }[];
  createdPayloads: Record<string, unknown>[];
}

/** A row the batch will create, with every ID chosen up front so rows that name one new company or tag share it. */
export interface PlannedCreate<Row> {
  row: Row;
  draft: RowDraft;
  id: string;
  companyId: string | null;
  /** The row is the first person the batch gives its company (so the company counts as having people because of it). */
  firstPerson: boolean;
  tagIds: string[];
  /** Custom column → the value to store. */
  custom: Record<string, unknown>;
  /** What the row adds to the contact count. */
  adds: number;
}

/**
 * The rows of a batch that create records, planned in memory and written
 * together: new tags, new companies, the records and their tags, four
 * multi-row statements for any number of rows instead of four or more round
 * trips each. Should a statement fail (a row the database refuses), the
 * group is rolled back and written again row by row, each row in its own
 * savepoint, so one bad row fails alone and the others are kept, as before.
 */
export class CreatePlan<Row> {
  private planned: PlannedCreate<Row>[] = [];
  private readonly pendingIds = new Set<string>();
  /** Companies and tags planned but not yet written, by ID. */
  private readonly newCompanies = new Map<string, string>();
  private readonly newTags = new Map<string, string>();

  constructor(
    private readonly work: UnitOfWork,
    private readonly kind: ImportKind,
    private readonly importId: string,
    private readonly lookups: BatchLookups,
    /** Per column, the custom field it fills. */
    private readonly customColumns: (CustomField | null)[],
    /** Every custom field of the record type (for the search text). */
    private readonly customFields: CustomField[],
  ) {}

  get size(): number {
    return this.planned.length;
  }

  /** The row's custom cells as the values to store; throws a KontorError naming the cell that does not fit. */
  customValuesOf(record: string[]): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    this.customColumns.forEach((field, column) => {
      if (field) values[field.columnName] = valueFromInput(field, valueFromCell(field, record[column] ?? ''), field.name);
    });
    return values;
  }

  /** What creating this draft adds to the contact count. */
  addsOf(draft: RowDraft): number {
    if (this.kind === ImportKind.COMPANIES) return 1;
    const companyId = draft.companyName ? this.lookups.companyByName.get(lower(draft.companyName)) : undefined;
    // A company without people counts as a contact until its first person joins: then the person counts instead.
    return companyId && !this.lookups.companiesWithPeople.has(companyId) ? 0 : 1;
  }

  /** Whether `id` is a record planned and not written yet (a row that duplicates it must wait until it is written or refused). */
  isPending(id: string): boolean {
    return this.pendingIds.has(id);
  }

  /** Plans the row's record (and the new company and tags it names); later rows of the batch see it as existing. */
  add(row: Row, draft: RowDraft, custom: Record<string, unknown>, adds: number): void {
    const id = randomUUID();
    let companyId: string | null = null;
    let firstPerson = false;
    if (this.kind === ImportKind.COMPANIES) {
      this.lookups.companyByName.set(lower(draft.name), id);
      this.lookups.companyNames.set(id, draft.name);
    } else if (draft.companyName) {
      companyId = this.lookups.companyByName.get(lower(draft.companyName)) ?? null;
      if (!companyId) {
        companyId = randomUUID();
        this.newCompanies.set(companyId, draft.companyName);
        this.lookups.companyByName.set(lower(draft.companyName), companyId);
        this.lookups.companyNames.set(companyId, draft.companyName);
      }
      firstPerson = !this.lookups.companiesWithPeople.has(companyId);
      this.lookups.companiesWithPeople.add(companyId);
    }
    const tagIds = draft.tags.map((name) => {
      let tagId = this.lookups.tagByName.get(lower(name));
      if (!tagId) {
        tagId = randomUUID();
        this.newTags.set(tagId, name);
        this.lookups.tagByName.set(lower(name), tagId);
      }
      return tagId;
    });
    if (this.kind === ImportKind.PEOPLE) this.lookups.rememberPerson(id, draft);
    this.planned.push({ row, draft, id, companyId, firstPerson, tagIds, custom, adds });
    this.pendingIds.add(id);
  }

  /**
   * Writes every planned row; answers the rows the database refused, with its reason (each written alone, after the
   * group failed). Afterwards nothing is pending: what was written is known to the lookups as existing, a company or
   * tag that only refused rows named is forgotten, so a later row creates it again.
   */
  async write(ledger: Ledger): Promise<{ row: Row; reason: string; adds: number }[]> {
    const rows = this.planned;
    this.planned = [];
    this.pendingIds.clear();
    const refused: { row: Row; reason: string; adds: number }[] = [];
    if (rows.length === 0) return refused;
    const { scope } = this.work;
    const written = new Set<string>();
    await scope.query('savepoint import_rows');
    try {
      this.record(rows, await this.insert(rows, written), ledger);
      await scope.query('release savepoint import_rows');
    } catch {
      await scope.query('rollback to savepoint import_rows');
      for (const planned of rows) {
        await scope.query('savepoint import_row');
        try {
          const inserted = await this.insert([planned], written);
          await scope.query('release savepoint import_row');
          for (const id of inserted) written.add(id);
          this.record([planned], inserted, ledger);
        } catch (error) {
          await scope.query('rollback to savepoint import_row');
          refused.push({ row: planned.row, reason: (error as Error).message.slice(0, 200), adds: planned.adds });
          this.forgetRecord(planned);
        }
      }
      for (const [id, name] of this.newCompanies) if (!written.has(id)) this.forget(this.lookups.companyByName, name, id);
      for (const [id, name] of this.newTags) if (!written.has(id)) this.forget(this.lookups.tagByName, name, id);
    }
    this.newCompanies.clear();
    this.newTags.clear();
    return refused;
  }

  /**
   * A refused row's record does not exist: a later row with its name or e-mail is no duplicate of it, and its company
   * has no person by it.
   */
  private forgetRecord({ id, draft, companyId, firstPerson }: PlannedCreate<Row>): void {
    if (this.kind === ImportKind.COMPANIES) {
      this.forget(this.lookups.companyByName, draft.name, id);
      this.lookups.companyNames.delete(id);
      return;
    }
    this.lookups.forgetPerson(id, draft);
    if (firstPerson && companyId) this.lookups.companiesWithPeople.delete(companyId);
  }

  private forget(byName: Map<string, string>, name: string, id: string): void {
    if (byName.get(lower(name)) === id) byName.delete(lower(name));
  }

  /** Inserts the rows, with the new companies and tags they name that are not in `written` yet; answers those IDs. */
  private async insert(rows: PlannedCreate<Row>[], written: Set<string>): Promise<string[]> {
    const { scope, userId } = this.work;
    const tags = [...new Set(rows.flatMap((planned) => planned.tagIds))].filter((id) => this.newTags.has(id) && !written.has(id));
    if (tags.length > 0) {
      await scope.query(`insert into tag (id, name, created_by) select i, n, ? from unnest(?::uuid[], ?::text[]) as x(i, n)`, [
        userId,
        tags,
        tags.map((id) => this.newTags.get(id)!),
      ]);
    }
    const companyRows: Record<string, unknown>[] = [];
    const companies: string[] = [];
    const owned = { responsible_user_id: userId, created_by: userId };
    for (const planned of rows) {
      const companyId = planned.companyId;
      if (companyId && this.newCompanies.has(companyId) && !written.has(companyId) && !companies.includes(companyId)) {
        companies.push(companyId);
        companyRows.push({ id: companyId, name: this.newCompanies.get(companyId), emails: [], phones: [], ...owned });
      }
    }
    const customColumns = this.customColumns.filter((field): field is CustomField => field !== null).map((field) => field.columnName);
    const records = rows.map(({ id, draft, companyId, custom }) => ({
      id,
      emails: draft.emails,
      phones: draft.phones,
      street: draft.street,
      postal_code: draft.postalCode,
      city: draft.city,
      country: draft.country,
      ...owned,
      ...(this.kind === ImportKind.COMPANIES
        ? { name: draft.name, website: draft.website }
        : {
            first_name: draft.firstName,
            last_name: draft.lastName,
            position: draft.position,
            company_id: companyId,
            company_name: companyId ? this.lookups.companyNames.get(companyId) : null,
            birthday: draft.birthday,
          }),
      ...custom,
    }));
    const common = ['id', 'emails', 'phones', 'street', 'postal_code', 'city', 'country', 'responsible_user_id', 'created_by'];
    if (this.kind === ImportKind.COMPANIES) {
      await this.insertRows('company', [...common, 'name', 'website', ...customColumns], [...companyRows, ...records]);
    } else {
      if (companyRows.length > 0) await this.insertRows('company', [...common, 'name', 'website'], companyRows);
      await this.insertRows('person', [...common, 'first_name', 'last_name', 'position', 'company_id', 'company_name', 'birthday', ...customColumns], records);
    }
    const owner = this.kind === ImportKind.COMPANIES ? 'company' : 'person';
    const links = rows.flatMap((planned) => planned.tagIds.map((tagId) => [planned.id, tagId] as const));
    if (links.length > 0) {
      await scope.query(`insert into ${owner}_tag (${owner}_id, tag_id) select * from unnest(?::uuid[], ?::uuid[]) on conflict do nothing`, [
        links.map(([id]) => id),
        links.map(([, tagId]) => tagId),
      ]);
    }
    return [...tags, ...companies];
  }

  /**
   * One statement for any number of rows: PostgreSQL turns each JSON object into a row of the table's own type
   * (arrays, dates, numbers, custom columns alike), so no value is converted by hand; the search text of custom fields
   * is computed from the same row.
   */
  private async insertRows(table: 'person' | 'company', columns: string[], rows: Record<string, unknown>[]): Promise<void> {
    const searched = table === 'company' && this.kind === ImportKind.PEOPLE ? `''` : customTextExpression(this.customFields);
    const list = columns.map(quoteIdent).join(', ');
    await this.work.scope.query(
      `insert into ${table} (${list}, custom_text) select ${columns.map((column) => `t.${quoteIdent(column)}`).join(', ')}, ${searched}
         from jsonb_populate_recordset(null::${table}, ?::jsonb) t`,
      [JSON.stringify(rows)],
    );
  }

  private record(rows: PlannedCreate<Row>[], inserted: string[], ledger: Ledger): void {
    for (const id of inserted) {
      const type = this.newTags.has(id) ? 'TAG' : 'COMPANY';
      ledger.changes.push({ type, id, action: 'CREATED', before: null });
      if (type === 'COMPANY') ledger.activities.push({ type, id, kind: 'CREATED', details: { importId: this.importId } });
    }
    const type = this.kind === ImportKind.COMPANIES ? 'COMPANY' : 'PERSON';
    for (const { id, draft } of rows) {
      ledger.changes.push({ type, id, action: 'CREATED', before: null });
      ledger.activities.push({ type, id, kind: 'CREATED', details: { importId: this.importId } });
      const { tags: _tags, companyName: _company, ...fields } = draft;
      ledger.createdPayloads.push({ record: { id, ...fields } });
    }
  }
}
