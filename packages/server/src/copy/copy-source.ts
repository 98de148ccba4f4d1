import { badUserInput } from '../errors/errors.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { customValuesOf } from '../customfields/custom-field-values.js';
import { CustomFieldRecordType } from '../customfields/custom-field.types.js';
import type { CustomFieldValue } from '../customfields/custom-field-value.types.js';
import { visibleNotes } from '../crm/notes/note.service.js';
import { pgArray } from '../crm/common/loaders.js';
import { isUuid } from '../crm/common/validation.js';

/** The most people and companies one copy takes: it runs within one request. */
export const maxRecordsPerCopy = 500;

export interface SourceAddress {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
}

export interface SourceNote {
  body: string;
  confidential: boolean;
}

export interface SourceTask {
  title: string;
  dueDate: string | null;
  done: boolean;
  doneAt: Date | null;
  assigneeUserId: string | null;
}

interface SourceRecord {
  id: string;
  emails: string[];
  phones: string[];
  address: SourceAddress;
  responsibleUserId: string | null;
  tags: string[];
  customValues: CustomFieldValue[];
  notes: SourceNote[];
  tasks: SourceTask[];
}

export interface SourceCompany extends SourceRecord {
  name: string;
  website: string | null;
}

export interface SourcePerson extends SourceRecord {
  firstName: string;
  lastName: string;
  position: string | null;
  birthday: string | null;
  importantDates: { label: string; date: string }[];
  companyId: string | null;
}

export interface SourceDeal {
  id: string;
  title: string;
  valueCents: number;
  currency: string;
  probability: number;
  targetDate: string | null;
  status: string;
  pipelineName: string;
  phaseName: string;
  companyId: string | null;
  personIds: string[];
  tags: string[];
  notes: SourceNote[];
  tasks: SourceTask[];
}

/** Everything a copy takes from the source account, read there under the caller's role. */
export interface CopySource {
  account: { id: string; name: string };
  /** The chosen companies. */
  companies: SourceCompany[];
  people: SourcePerson[];
  /** The companies of chosen people that were not chosen themselves, by ID: matched by name in the target, or copied without notes and tasks. */
  linkedCompanies: Map<string, SourceCompany>;
  deals: SourceDeal[];
  /** Files attached to the chosen records and their notes; they stay behind. */
  files: number;
}

/**
 * Reads the chosen people and companies (with their tags, custom values,
 * notes and tasks; their deals when asked) in the request's account, under
 * its role: confidential notes only for a role that may read them. Changes
 * nothing. Refuses IDs that are not records of this account.
 */
export async function readCopySource(work: UnitOfWork, input: { personIds: string[]; companyIds: string[]; withDeals: boolean }): Promise<CopySource> {
  const personIds = [...new Set(input.personIds)];
  const companyIds = [...new Set(input.companyIds)];
  if (personIds.length + companyIds.length === 0) throw badUserInput('personIds', 'Choose at least one person or company to copy.');
  if (personIds.length + companyIds.length > maxRecordsPerCopy) throw badUserInput('personIds', `At most ${maxRecordsPerCopy} people and companies at once.`);
  const people = await readPeople(work, personIds);
  const companies = await readCompanies(work, companyIds, 'companyIds');
  const chosenCompanies = new Set(companyIds);
  const otherCompanyIds = [...new Set(people.map((p) => p.companyId).filter((id): id is string => id !== null && !chosenCompanies.has(id)))];
  const linkedCompanies = new Map((await readCompanies(work, otherCompanyIds, 'personIds', false)).map((c) => [c.id, c]));
  const deals = input.withDeals ? await readDeals(work, personIds, companyIds) : [];
  const [files] = await work.scope.query<{ count: string }>(
    `select count(*) from file f where f.person_id = any(?::uuid[]) or f.company_id = any(?::uuid[]) or f.deal_id = any(?::uuid[])
       or f.note_id in (select n.id from note n where n.person_id = any(?::uuid[]) or n.company_id = any(?::uuid[]) or n.deal_id = any(?::uuid[]))`,
    [pgArray(personIds), pgArray(companyIds), pgArray(deals.map((d) => d.id)), pgArray(personIds), pgArray(companyIds), pgArray(deals.map((d) => d.id))],
  );
  const { account } = await work.scope.details();
  return { account: { id: account.id, name: account.name }, companies, people, linkedCompanies, deals, files: Number(files!.count) };
}

const addressColumns = 't.street, t.postal_code, t.city, t.country';
const addressOf = (row: Record<string, unknown>): SourceAddress => ({
  street: row.street as string | null,
  postalCode: row.postal_code as string | null,
  city: row.city as string | null,
  country: row.country as string | null,
});

function assertAllFound(ids: string[], rows: Record<string, unknown>[], field: string, what: string): void {
  const found = new Set(rows.map((row) => row.id as string));
  if (ids.some((id) => !isUuid(id) || !found.has(id))) throw badUserInput(field, `There is no ${what} with this ID in this account.`);
}

async function readPeople(work: UnitOfWork, ids: string[]): Promise<SourcePerson[]> {
  if (ids.length === 0) return [];
  const rows = await work.scope.query(
    `select t.id, t.first_name, t.last_name, t.emails, t.phones, t.position, t.birthday::text as birthday, t.important_dates, ${addressColumns},
       t.company_id, t.responsible_user_id from person t where t.id = any(?::uuid[]) order by t.created_at, t.id`,
    [pgArray(ids.filter(isUuid))],
  );
  assertAllFound(ids, rows, 'personIds', 'person');
  const recordIds = rows.map((row) => row.id as string);
  const [tags, values, notes, tasks] = await Promise.all([
    tagsOf(work, 'person', recordIds),
    customValuesOf(work.scope, CustomFieldRecordType.PERSON, recordIds),
    notesOf(work, 'person_id', recordIds),
    tasksOf(work, 'person_id', recordIds),
  ]);
  return rows.map((row, i) => ({
    id: row.id as string,
    firstName: row.first_name as string,
    lastName: row.last_name as string,
    emails: row.emails as string[],
    phones: row.phones as string[],
    position: row.position as string | null,
    birthday: row.birthday as string | null,
    importantDates: (row.important_dates as { label: string; date: string }[] | null) ?? [],
    address: addressOf(row),
    companyId: row.company_id as string | null,
    responsibleUserId: row.responsible_user_id as string | null,
    tags: tags.get(row.id as string) ?? [],
    customValues: values[i]!,
    notes: notes.get(row.id as string) ?? [],
    tasks: tasks.get(row.id as string) ?? [],
  }));
}

async function readCompanies(work: UnitOfWork, ids: string[], field: string, withActivity = true): Promise<SourceCompany[]> {
  if (ids.length === 0) return [];
  const rows = await work.scope.query(
    `select t.id, t.name, t.website, t.emails, t.phones, ${addressColumns}, t.responsible_user_id from company t where t.id = any(?::uuid[]) order by t.created_at, t.id`,
    [pgArray(ids.filter(isUuid))],
  );
  assertAllFound(ids, rows, field, 'company');
  const recordIds = rows.map((row) => row.id as string);
  const [tags, values, notes, tasks] = await Promise.all([
    tagsOf(work, 'company', recordIds),
    customValuesOf(work.scope, CustomFieldRecordType.COMPANY, recordIds),
    withActivity ? notesOf(work, 'company_id', recordIds) : new Map<string, SourceNote[]>(),
    withActivity ? tasksOf(work, 'company_id', recordIds) : new Map<string, SourceTask[]>(),
  ]);
  return rows.map((row, i) => ({
    id: row.id as string,
    name: row.name as string,
    website: row.website as string | null,
    emails: row.emails as string[],
    phones: row.phones as string[],
    address: addressOf(row),
    responsibleUserId: row.responsible_user_id as string | null,
    tags: tags.get(row.id as string) ?? [],
    customValues: values[i]!,
    notes: notes.get(row.id as string) ?? [],
    tasks: tasks.get(row.id as string) ?? [],
  }));
}

/** The deals whose company is a chosen company or whose contact people include a chosen person. */
async function readDeals(work: UnitOfWork, personIds: string[], companyIds: string[]): Promise<SourceDeal[]> {
  const rows = await work.scope.query(
    `select t.id, t.title, t.value_cents::text as value_cents, t.currency, t.probability, t.target_date::text as target_date, t.status, t.company_id,
       pl.name as pipeline_name, ph.name as phase_name,
       array(select dp.person_id from deal_person dp where dp.deal_id = t.id order by dp.person_id)::text[] as person_ids
     from deal t join phase ph on ph.id = t.phase_id join pipeline pl on pl.id = t.pipeline_id
     where t.company_id = any(?::uuid[]) or exists (select 1 from deal_person dp where dp.deal_id = t.id and dp.person_id = any(?::uuid[]))
     order by t.created_at, t.id`,
    [pgArray(companyIds), pgArray(personIds)],
  );
  const ids = rows.map((row) => row.id as string);
  const [tags, notes, tasks] = await Promise.all([tagsOf(work, 'deal', ids), notesOf(work, 'deal_id', ids), tasksOf(work, 'deal_id', ids)]);
  return rows.map((row) => ({
    id: row.id as string,
    title: row.title as string,
    valueCents: Number(row.value_cents),
    currency: row.currency as string,
    probability: row.probability as number,
    targetDate: row.target_date as string | null,
    status: row.status as string,
    pipelineName: row.pipeline_name as string,
    phaseName: row.phase_name as string,
    companyId: row.company_id as string | null,
    personIds: row.person_ids as string[],
    tags: tags.get(row.id as string) ?? [],
    notes: notes.get(row.id as string) ?? [],
    tasks: tasks.get(row.id as string) ?? [],
  }));
}

async function tagsOf(work: UnitOfWork, owner: 'person' | 'company' | 'deal', ids: string[]): Promise<Map<string, string[]>> {
  const rows = await work.scope.query<{ owner_id: string; name: string }>(
    `select x.${owner}_id as owner_id, g.name from ${owner}_tag x join tag g on g.id = x.tag_id where x.${owner}_id = any(?::uuid[]) order by g.name`,
    [pgArray(ids)],
  );
  return groupBy(rows, (row) => row.owner_id, (row) => row.name);
}

async function notesOf(work: UnitOfWork, column: 'person_id' | 'company_id' | 'deal_id', ids: string[]): Promise<Map<string, SourceNote[]>> {
  const where = (await visibleNotes(work)).add(`t.${column} = any(?::uuid[])`, pgArray(ids));
  const rows = await work.scope.query<{ owner_id: string; body: string; confidential: boolean }>(
    `select t.${column} as owner_id, t.body, t.confidential from note t where ${where.sql()} order by t.created_at, t.id`,
    where.params,
  );
  return groupBy(rows, (row) => row.owner_id, (row) => ({ body: row.body, confidential: row.confidential }));
}

async function tasksOf(work: UnitOfWork, column: 'person_id' | 'company_id' | 'deal_id', ids: string[]): Promise<Map<string, SourceTask[]>> {
  const rows = await work.scope.query<{ owner_id: string; title: string; due_date: string | null; done: boolean; done_at: Date | null; assignee_user_id: string | null }>(
    `select t.${column} as owner_id, t.title, t.due_date::text as due_date, t.done, t.done_at, t.assignee_user_id from task t where t.${column} = any(?::uuid[]) order by t.created_at, t.id`,
    [pgArray(ids)],
  );
  return groupBy(rows, (row) => row.owner_id, (row) => ({ title: row.title, dueDate: row.due_date, done: row.done, doneAt: row.done_at, assigneeUserId: row.assignee_user_id }));
}

function groupBy<R, V>(rows: R[], key: (row: R) => string, value: (row: R) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const list = groups.get(key(row)) ?? [];
    list.push(value(row));
    groups.set(key(row), list);
  }
  return groups;
}
