import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { KontorError } from '../errors/errors.js';
import { planOf } from '../crm/common/contact-limit.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { enqueueWebhookEvents, WebhookEvent } from '../webhooks/webhook-events.js';
import { ImportKind, recordTypeOfImport, type ImportField } from './import-fields.js';
import { customFieldsOf } from '../customfields/custom-field-definitions.js';
import { writeCustomCells } from '../customfields/custom-field-import.js';
import { ContactTally, type KnownContacts } from './import-contacts.js';
import { CreatePlan, type Ledger } from './import-creates.js';
import { BatchLookups, lower } from './import-lookups.js';
import { blocking, buildRow, ImportProblem, type RowDraft, type RowIssue } from './import-row.js';
import { describeIssues } from './import-problems.js';

/** What to do with a row that matches an existing record (people: same e-mail, or same name and company; companies: same name). */
export enum DuplicateMode {
  SKIP = 'SKIP',
  UPDATE = 'UPDATE',
  CREATE = 'CREATE',
}
registerEnumType(DuplicateMode, { name: 'DuplicateMode', description: 'What an import does with a row that matches an existing record.' });

export interface ImportSettings {
  id: string;
  kind: ImportKind;
  mapping: (ImportField | null)[];
  /** Per column, the custom field it fills (null: none); null when no column fills one. */
  customMapping: (string | null)[] | null;
  duplicates: DuplicateMode;
  /** Set once the contact limit has stopped the import: every further row is reported, none written. */
  stopped: boolean;
  /** The contacts as the job's last committed batch left them (import-contacts.ts); none before its first. */
  knownContacts?: KnownContacts;
}

export interface BatchRow {
  /** The row's line in the file, the header being row 1. */
  rowNumber: number;
  record: string[];
}

export interface BatchOutcome {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  /** The contact limit stopped the import at this batch. */
  stoppedAtLimit: boolean;
  /** The contacts this batch leaves, for the next one once it has committed. */
  contacts?: KnownContacts;
}

/**
 * Writes one batch of rows in the caller's transaction. Each row is all or
 * nothing. Rows that create records are planned in memory and written
 * together (`CreatePlan`: a few multi-row statements per batch, each row
 * again alone should the group be refused); a row that updates a record
 * takes its own savepoint. The bookkeeping — what was created or updated
 * (for undo), the timeline, webhook deliveries, the failed rows — is written
 * once per batch. The contact limit is kept under the contact lock by
 * adding up each row's effect (a person counts, a company counts only while
 * it has no people) to a tally that is counted afresh only when it must be
 * (import-contacts.ts).
 */
export async function writeBatch(work: UnitOfWork, settings: ImportSettings, rows: BatchRow[]): Promise<BatchOutcome> {
  const { scope } = work;
  const em = await work.accountEm();
  const outcome: BatchOutcome = { created: 0, updated: 0, skipped: 0, failed: 0, stoppedAtLimit: false };
  const failures: { rowNumber: number; reason: string; record: string[] }[] = [];
  const ledger: Ledger = { changes: [], activities: [], createdPayloads: [] };
  const { changes, activities } = ledger;
  const built = rows.map((row) => ({ row, ...buildRow(settings.kind, settings.mapping, row.record) }));
  const fail = (row: BatchRow, issues: RowIssue[]) => {
    failures.push({ rowNumber: row.rowNumber, reason: describeIssues(issues), record: row.record });
    outcome.failed++;
  };

  let stopped = settings.stopped;
  if (!stopped) {
    const plan = await planOf(work);
    const contacts = await ContactTally.open(em, scope.accountId, plan.maxContacts, settings.knownContacts);
    const valid = built.filter((entry) => !entry.issues.some((issue) => blocking(issue.problem)));
    const lookups = await BatchLookups.load(scope, settings.kind, valid.map((entry) => entry.draft));
    // Checked when the import started; a field deleted since is left out.
    const recordType = recordTypeOfImport(settings.kind);
    const allCustomFields = await customFieldsOf(scope, recordType);
    const customFields = new Map(allCustomFields.map((field) => [field.id, field]));
    const customColumns = (settings.customMapping ?? []).map((id) => (id ? (customFields.get(id) ?? null) : null));
    const creates = new CreatePlan<BatchRow>(work, settings.kind, settings.id, lookups, customColumns, allCustomFields);
    const writeCreates = async () => {
      const refused = await creates.write(ledger);
      for (const { row, reason, adds } of refused) {
        contacts.add(-adds);
        fail(row, [{ problem: ImportProblem.NOT_SAVED, value: reason }]);
      }
      outcome.created -= refused.length;
    };
    for (const entry of built) {
      if (stopped) {
        fail(entry.row, [{ problem: ImportProblem.CONTACT_LIMIT, value: String(plan.maxContacts) }]);
        continue;
      }
      if (entry.issues.some((issue) => blocking(issue.problem))) {
        fail(entry.row, entry.issues);
        continue;
      }
      const { draft } = entry;
      let duplicate = lookups.duplicateOf(settings.kind, draft);
      // A duplicate of a row planned in this batch counts only once that row is written: the database may refuse it.
      if (duplicate && creates.isPending(duplicate.id)) {
        await writeCreates();
        duplicate = lookups.duplicateOf(settings.kind, draft);
      }
      if (duplicate && settings.duplicates === DuplicateMode.SKIP) {
        outcome.skipped++;
        continue;
      }
      if (!duplicate || settings.duplicates !== DuplicateMode.UPDATE) {
        let custom: Record<string, unknown>;
        try {
          custom = creates.customValuesOf(entry.row.record);
        } catch (error) {
          if (!(error instanceof KontorError)) throw error;
          fail(entry.row, [{ problem: ImportProblem.NOT_SAVED, value: error.message.slice(0, 200) }]);
          continue;
        }
        const adds = creates.addsOf(draft);
        if (!(await contacts.fits(adds, writeCreates))) {
          stopped = true;
          fail(entry.row, [{ problem: ImportProblem.CONTACT_LIMIT, value: String(plan.maxContacts) }]);
          continue;
        }
        creates.add(entry.row, draft, custom, adds);
        contacts.add(adds);
        outcome.created++;
        continue;
      }
      // An update reads the record and what the rows before it created, so those are written first.
      await writeCreates();
      await scope.query('savepoint import_row');
      const changesBefore = changes.length;
      try {
        const { changed, changedCustomFields } = await updateRecord(work, settings.kind, duplicate.id, draft, lookups, changes, () =>
          writeCustomCells(work, recordType, duplicate.id, customColumns, entry.row.record),
        );
        const moved = changed.includes('companyId') ? await contactsMoved(work, duplicate.id, changes.slice(changesBefore), lookups.companyByName.get(lower(draft.companyName!))) : 0;
        contacts.add(moved);
        if (changed.includes('companyId') && !(await contacts.fits(0))) {
          await scope.query('rollback to savepoint import_row');
          changes.length = changesBefore;
          contacts.add(-moved);
          stopped = true;
          fail(entry.row, [{ problem: ImportProblem.CONTACT_LIMIT, value: String(plan.maxContacts) }]);
          continue;
        }
        if (changed.length + changedCustomFields.length > 0) {
          activities.push({
            type: settings.kind === ImportKind.PEOPLE ? 'PERSON' : 'COMPANY',
            id: duplicate.id,
            kind: 'CHANGED',
            details: { changedFields: changed, ...(changedCustomFields.length > 0 ? { changedCustomFields } : {}), importId: settings.id },
          });
        }
        outcome.updated++;
        await scope.query('release savepoint import_row');
      } catch (error) {
        await scope.query('rollback to savepoint import_row');
        changes.length = changesBefore;
        fail(entry.row, [{ problem: ImportProblem.NOT_SAVED, value: (error as Error).message.slice(0, 200) }]);
      }
    }
    await writeCreates();
    outcome.contacts = contacts.known();
  } else {
    for (const entry of built) fail(entry.row, [{ problem: ImportProblem.CONTACT_LIMIT, value: null }]);
  }
  outcome.stoppedAtLimit = stopped && !settings.stopped;
  failures.sort((a, b) => a.rowNumber - b.rowNumber);

  if (changes.length > 0) {
    await scope.query(
      `insert into import_change (import_id, record_type, record_id, action, before)
       select ?, t, i, a, b from unnest(?::text[], ?::uuid[], ?::text[], ?::jsonb[]) as x(t, i, a, b) on conflict do nothing`,
      [settings.id, changes.map((c) => c.type), changes.map((c) => c.id), changes.map((c) => c.action), changes.map((c) => (c.before === null ? null : JSON.stringify(c.before)))],
    );
  }
  if (activities.length > 0) {
    await scope.query(
      `insert into activity (id, subject_type, subject_id, kind, actor_user_id, details)
       select gen_random_uuid(), t, i, k, ?, d from unnest(?::text[], ?::uuid[], ?::text[], ?::jsonb[]) as x(t, i, k, d)`,
      [work.userId, activities.map((a) => a.type), activities.map((a) => a.id), activities.map((a) => a.kind), activities.map((a) => JSON.stringify(a.details))],
    );
  }
  const event = settings.kind === ImportKind.PEOPLE ? WebhookEvent.PERSON_CREATED : WebhookEvent.COMPANY_CREATED;
  await enqueueWebhookEvents(em, event, ledger.createdPayloads);
  if (failures.length > 0) {
    await scope.query(
      `insert into import_failure (import_id, row_number, reason, data)
       select ?, n, r, d from unnest(?::int[], ?::text[], ?::jsonb[]) as x(n, r, d) on conflict do nothing`,
      [settings.id, failures.map((f) => f.rowNumber), failures.map((f) => f.reason), failures.map((f) => JSON.stringify(f.record))],
    );
  }
  return outcome;
}

type Change = Ledger['changes'][number];

/**
 * What moving a person to another company (`rowChanges`: what their row
 * changed, the person's earlier state among it) did to the contacts: one more
 * when their old company is left without people, one fewer when the new one
 * had none (and was not made by this row), since such a company counted.
 */
async function contactsMoved(work: UnitOfWork, personId: string, rowChanges: Change[], newCompanyId: string | undefined): Promise<number> {
  const person = rowChanges.find((change) => change.type === 'PERSON' && change.id === personId);
  const oldCompanyId = (person?.before as { company_id?: string | null } | null)?.company_id ?? null;
  const madeHere = rowChanges.some((change) => change.type === 'COMPANY' && change.action === 'CREATED' && change.id === newCompanyId);
  const companies = [oldCompanyId, newCompanyId].filter((id): id is string => Boolean(id));
  const rows = await work.scope.query<{ id: string; alone: boolean }>(
    `select c.id, not exists (select 1 from person p where p.company_id = c.id and p.id <> ?) as alone from company c where c.id = any(?::uuid[])`,
    [personId, companies],
  );
  let moved = 0;
  for (const row of rows) {
    if (row.id === oldCompanyId && row.alone) moved++;
    if (row.id === newCompanyId && row.alone && !madeHere) moved--;
  }
  return moved;
}

async function insertCompany(work: UnitOfWork, name: string, lookups: BatchLookups): Promise<string> {
  const id = randomUUID();
  await work.scope.query(`insert into company (id, name, responsible_user_id, created_by) values (?, ?, ?, ?)`, [id, name, work.userId, work.userId]);
  lookups.companyByName.set(lower(name), id);
  lookups.companyNames.set(id, name);
  return id;
}

/**
 * Fills in what the row brings (a value in the row replaces the stored one; e-mails, phones and tags are added), and
 * its custom cells (`writeCustom`, after the record's state for undo is read). Returns the fields and custom fields that changed.
 */
async function updateRecord(
  work: UnitOfWork,
  kind: ImportKind,
  id: string,
  draft: RowDraft,
  lookups: BatchLookups,
  changes: Change[],
  writeCustom: () => Promise<string[]>,
): Promise<{ changed: string[]; changedCustomFields: string[] }> {
  const { scope } = work;
  const table = kind === ImportKind.PEOPLE ? 'person' : 'company';
  // The record as JSON from PostgreSQL itself (dates as written, arrays as arrays): what undo restores with jsonb_populate_record.
  const [row] = await scope.query<{ before: Record<string, unknown> }>(`select to_jsonb(t) - 'search_vector' as before from ${table} t where id = ? for update`, [id]);
  if (!row) return { changed: [], changedCustomFields: [] };
  const before = row.before;
  const columns: Record<string, unknown> = {};
  const changed: string[] = [];
  const put = (column: string, field: string, value: unknown) => {
    if (value === null || value === '' || JSON.stringify(value) === JSON.stringify(before[column])) return;
    columns[column] = value;
    changed.push(field);
  };
  // E-mail addresses are compared without case: "JUERGEN@example.com" is the address already stored.
  const union = (stored: unknown, added: string[]) => {
    const all = [...((stored as string[]) ?? [])];
    for (const value of added) if (!all.some((kept) => lower(kept) === lower(value))) all.push(value);
    return all;
  };
  if (kind === ImportKind.PEOPLE) {
    put('first_name', 'firstName', draft.firstName);
    put('last_name', 'lastName', draft.lastName);
    put('position', 'position', draft.position);
    put('birthday', 'birthday', draft.birthday);
    if (draft.companyName) {
      let companyId = lookups.companyByName.get(lower(draft.companyName));
      if (!companyId) {
        companyId = await insertCompany(work, draft.companyName, lookups);
        changes.push({ type: 'COMPANY', id: companyId, action: 'CREATED', before: null });
      }
      put('company_id', 'companyId', companyId);
      // The name travels with the ID (the foreign key on both keeps it true; search finds the person by it).
      if (columns.company_id) columns.company_name = lookups.companyNames.get(companyId) ?? null;
    }
  } else {
    put('website', 'website', draft.website);
  }
  if (draft.emails.length > 0) put('emails', 'emails', union(before.emails, draft.emails));
  if (draft.phones.length > 0) put('phones', 'phones', union(before.phones, draft.phones));
  put('street', 'address', draft.street);
  put('postal_code', 'address', draft.postalCode);
  put('city', 'address', draft.city);
  put('country', 'address', draft.country);
  const tagIds = await tagIdsOf(work, draft.tags, lookups, changes);
  const tagBefore = (await scope.query<{ tag_id: string }>(`select tag_id from ${table}_tag where ${table}_id = ?`, [id])).map((row) => row.tag_id);
  const newTags = tagIds.filter((tagId) => !tagBefore.includes(tagId));
  if (newTags.length > 0) changed.push('tags');
  const changedCustomFields = await writeCustom();
  if (changed.length === 0 && changedCustomFields.length === 0) return { changed: [], changedCustomFields };
  const names = Object.keys(columns);
  if (names.length > 0) {
    const casts: Record<string, string> = { emails: '::text[]', phones: '::text[]', company_id: '::uuid', birthday: '::date' };
    await scope.query(`update ${table} set ${names.map((name) => `${name} = ?${casts[name] ?? ''}`).join(', ')}, updated_at = now() where id = ?`, [...Object.values(columns), id]);
  } else {
    await scope.query(`update ${table} set updated_at = now() where id = ?`, [id]);
  }
  await addTags(work, table, id, newTags);
  changes.push({ type: kind === ImportKind.PEOPLE ? 'PERSON' : 'COMPANY', id, action: 'UPDATED', before: { ...before, tag_ids: tagBefore } });
  return { changed: [...new Set(changed)], changedCustomFields };
}

async function tagIdsOf(work: UnitOfWork, names: string[], lookups: BatchLookups, changes: Change[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    let id = lookups.tagByName.get(lower(name));
    if (!id) {
      id = randomUUID();
      await work.scope.query(`insert into tag (id, name, created_by) values (?, ?, ?)`, [id, name, work.userId]);
      lookups.tagByName.set(lower(name), id);
      changes.push({ type: 'TAG', id, action: 'CREATED', before: null });
    }
    ids.push(id);
  }
  return ids;
}

async function addTags(work: UnitOfWork, owner: 'person' | 'company', ownerId: string, tagIds: string[]): Promise<void> {
  if (tagIds.length === 0) return;
  await work.scope.query(`insert into ${owner}_tag (${owner}_id, tag_id) select ?, unnest(?::uuid[]) on conflict do nothing`, [ownerId, tagIds]);
}
