import type { PageSelection } from '../common/selection.js';
import { auditDeleted } from '../../audit/audit-trail.js';
import { badUserInput, ErrorCode, KontorError } from '../../errors/errors.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { enqueueWebhookEvent, enqueueWebhookEvents, recordPayload, reportQueuedDeliveries, webhookEnqueueCounts, webhookEnqueueCtes, WebhookEvent } from '../../webhooks/webhook-events.js';
import { finishUpdate } from '../../customfields/record-changes.js';
import { customListShape } from '../../customfields/custom-field-filters.js';
import { CustomFieldRecordType, type CustomFieldOrder } from '../../customfields/custom-field.types.js';
import { assertWithinContactLimit, contactLimitOf, lockContacts, refuseOverContactLimit } from '../common/contact-limit.js';
import { contactCountSql, contactLockStatement } from '../../accounts/usage.js';
import { activityInsert, ActivityKind } from '../activity/activity.js';
import { payloadWithCustomValues, withCustomValues, writeCustomValues } from '../../customfields/custom-field-values.js';
import { assertActiveMember, assertTagsFound, companyNameFor, newRecordTags, setTags } from '../common/record-references.js';
import { listPage, recordById, Where, type SortOrder } from '../common/sql-list.js';
import { emailList, isoDate, isUuid, optionalText, phoneList, requiredText, uuidOrNil } from '../common/validation.js';
import { queueFilesOfRecords } from '../../files/file-deletion-queue.js';
import { allowDeletes } from '../common/deletion.js';
import { Person } from './person.entity.js';
import { PersonOrder, type CreatePersonInput, type ImportantDate, type PersonFilter, type UpdatePersonInput } from './person.types.js';
import { rowMapper } from '../common/row-mapper.js';
import { changeTracker } from '../common/change-tracker.js';
import { addRecordFilters } from '../common/record-filters.js';

const orders: Record<PersonOrder, SortOrder> = {
  [PersonOrder.NAME_ASC]: { direction: 'asc', keys: nameKeys() },
  [PersonOrder.NAME_DESC]: { direction: 'desc', keys: nameKeys() },
  [PersonOrder.CREATED_AT_ASC]: { direction: 'asc', keys: [{ sql: 't.created_at', type: 'timestamptz' }, { sql: 't.id', type: 'uuid' }] },
  [PersonOrder.CREATED_AT_DESC]: { direction: 'desc', keys: [{ sql: 't.created_at', type: 'timestamptz' }, { sql: 't.id', type: 'uuid' }] },
  [PersonOrder.UPDATED_AT_DESC]: { direction: 'desc', keys: [{ sql: 't.updated_at', type: 'timestamptz' }, { sql: 't.id', type: 'uuid' }] },
};

function nameKeys(): SortOrder['keys'] {
  return [
    { sql: 'lower(t.last_name)', type: 'text' },
    { sql: 'lower(t.first_name)', type: 'text' },
    { sql: 't.id', type: 'uuid' },
  ];
}

export async function listPeople(
  work: UnitOfWork,
  args: { first?: number; after?: string; filter?: PersonFilter; orderBy?: PersonOrder; customOrder?: CustomFieldOrder; selection?: PageSelection },
) {
  const where = new Where();
  const filter = args.filter ?? {};
  addRecordFilters(where, 'person', filter);
  if (filter.companyId) where.add(`t.company_id = ?::uuid`, uuidOrNil(filter.companyId));
  if (filter.dealId) where.add(`exists (select 1 from deal_person dp where dp.person_id = t.id and dp.deal_id = ?::uuid)`, uuidOrNil(filter.dealId));
  return listPage(work.scope, {
    table: 'person',
    where,
    order: await customListShape(work.scope, CustomFieldRecordType.PERSON, where, filter.customFields, args.customOrder, orders[args.orderBy ?? PersonOrder.NAME_ASC]),
    first: args.first,
    after: args.after,
    toNode: rowMapper(work.metadata, Person),
    selection: args.selection,
  });
}

/** A person to show, with the columns the query needs (`person(id)`); changes go through `findPerson`. */
export function readPerson(work: UnitOfWork, id: string, columns?: string[]): Promise<Person | null> {
  return recordById(work.scope, 'person', id, rowMapper(work.metadata, Person), columns);
}

/** A person of the request's entity manager, to change. */
export async function findPerson(work: UnitOfWork, id: string): Promise<Person | null> {
  const em = await work.accountEm();
  return isUuid(id) ? em.findOne(Person, id) : null;
}

/**
 * Creates a person in one round trip of the account's connection after the mutation's first (access.ts), without
 * the ORM: the contact lock (with the account's contact counter), then one statement that inserts the person, its
 * tags, the timeline entry and the webhook deliveries, then the contact count, as three statements sent together.
 * Each takes its own snapshot, so the count sees every contact committed before the lock was granted. What can be
 * refused afterwards (a tag not in this account, the contact limit) is undone with the mutation's savepoint. A
 * company is looked up first (its name is copied for search, under a key-share lock), a responsible member on the
 * global connection; custom values are written after, as for an update, and the webhook waits for them.
 */
export async function createPerson(work: UnitOfWork, input: CreatePersonInput): Promise<Person> {
  const emails = emailList([...(input.email ? [input.email] : []), ...(input.emails ?? [])], input.email ? 'email' : 'emails');
  const person = Object.assign(new Person(), {
    firstName: optionalText(input.firstName, 'firstName', 200) ?? '',
    lastName: requiredText(input.lastName, 'lastName', 200),
    emails,
    phones: phoneList(input.phones ?? [], 'phones'),
    position: optionalText(input.position, 'position', 200),
    birthday: isoDate(input.birthday, 'birthday'),
    importantDates: importantDates(input.importantDates),
    ...address(input.address),
    companyId: input.companyId ?? null,
    companyName: null as string | null,
    responsibleUserId: input.responsibleUserId ?? work.userId,
    createdBy: work.userId,
  });
  // The package's limit is a global row: read on a look-up connection while the account's statements run.
  const limit = contactLimitOf(work);
  limit.catch(() => undefined); // awaited below; an error thrown before then must not leave it unhandled
  if (input.companyId != null) person.companyName = await companyNameFor(work, input.companyId, 'companyId');
  if (input.responsibleUserId != null) await assertActiveMember(work, input.responsibleUserId, 'responsibleUserId');
  const customValues = input.customFields && input.customFields.length > 0 ? input.customFields : undefined;
  const tags = input.tagIds && input.tagIds.length > 0 ? newRecordTags('person', person.id, input.tagIds) : undefined;
  const [activitySql, activityParams] = activityInsert(work, 'PERSON', person.id, ActivityKind.CREATED);
  // Without custom values the payload's are none: a custom column starts empty (customfields/custom-columns.ts).
  const [webhookSql, webhookParams] = customValues ? [undefined, []] : webhookEnqueueCtes(WebhookEvent.PERSON_CREATED, [payloadWithCustomValues(recordPayload(person), [])]);
  const results = await work.scope.statements([
    contactLockStatement(work.scope.accountId),
    [
      `with inserted as (${insertPerson}), ${tags ? `tagged as (${tags.sql}), ` : ''}recorded as (${activitySql})${webhookSql ? `, ${webhookSql}` : ''}
       select ${tags ? '(select count(*) from tagged)::int' : '0'} as tagged${webhookSql ? `, ${webhookEnqueueCounts}` : ''}`,
      [...personValues(person), ...(tags?.params ?? []), ...activityParams, ...webhookParams],
    ],
    [contactCountSql],
  ]);
  const [created] = results[1]!;
  const [counted] = results[2]!;
  if (webhookSql) reportQueuedDeliveries(created!.queued as number);
  if (tags) assertTagsFound(created!.tagged as number, tags.expected);
  refuseOverContactLimit(await limit, Number(counted!.contacts));
  if (customValues) {
    await writeCustomValues(work, CustomFieldRecordType.PERSON, person.id, customValues);
    await enqueueWebhookEvent(await work.accountEm(), WebhookEvent.PERSON_CREATED, await withCustomValues(work, CustomFieldRecordType.PERSON, person.id, recordPayload(person)));
  }
  return person;
}

/** The columns `createPerson` writes, in the order of `personValues`. */
const insertPerson = `insert into person (id, created_by, created_at, updated_at, street, postal_code, city, country, first_name, last_name, emails,
  phones, position, company_id, company_name, birthday, important_dates, responsible_user_id)
  values (?::uuid, ?::uuid, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?, ?::uuid, ?, ?::date, ?::jsonb, ?::uuid)`;

function personValues(p: Person): unknown[] {
  return [
    p.id, p.createdBy, p.createdAt, p.updatedAt, p.street, p.postalCode, p.city, p.country, p.firstName, p.lastName, p.emails,
    p.phones, p.position, p.companyId, p.companyName, p.birthday, JSON.stringify(p.importantDates), p.responsibleUserId,
  ];
}

export async function updatePerson(work: UnitOfWork, id: string, input: UpdatePersonInput): Promise<Person> {
  const em = await work.accountEm();
  const person = await findPerson(work, id);
  if (!person) throw notFound();
  const { set, changed } = changeTracker(person);
  if (input.firstName !== undefined) set('firstName', optionalText(input.firstName, 'firstName', 200) ?? '');
  if (input.lastName !== undefined) set('lastName', requiredText(input.lastName, 'lastName', 200));
  if (input.emails !== undefined) set('emails', emailList(input.emails, 'emails'));
  if (input.phones !== undefined) set('phones', phoneList(input.phones, 'phones'));
  if (input.position !== undefined) set('position', optionalText(input.position, 'position', 200));
  if (input.birthday !== undefined) set('birthday', isoDate(input.birthday, 'birthday'));
  if (input.importantDates !== undefined) set('importantDates', importantDates(input.importantDates));
  if (input.address !== undefined) for (const [key, value] of Object.entries(address(input.address))) set(key as 'street', value);
  if (input.companyId !== undefined) {
    person.companyName = input.companyId === null ? null : await companyNameFor(work, input.companyId, 'companyId');
    set('companyId', input.companyId);
  }
  if (input.responsibleUserId !== undefined) {
    if (input.responsibleUserId !== null) await assertActiveMember(work, input.responsibleUserId, 'responsibleUserId');
    set('responsibleUserId', input.responsibleUserId);
  }
  // Moving a person away from a company can leave that company alone, counting as a contact again.
  if (changed.includes('companyId')) await lockContacts(work);
  await em.flush();
  if (input.tagIds !== undefined) {
    await setTags(work, 'person', person.id, input.tagIds);
    changed.push('tags');
  }
  if (changed.includes('companyId')) await assertWithinContactLimit(work);
  await finishUpdate(work, 'PERSON', person, WebhookEvent.PERSON_UPDATED, changed, input.customFields);
  return person;
}

export async function deletePeople(work: UnitOfWork, ids: string[]): Promise<string[]> {
  const em = await work.accountEm();
  const existing = ids.filter(isUuid);
  if (existing.length === 0) return [];
  await allowDeletes(work, await queueFilesOfRecords(em, 'person', existing));
  const rows = await em.execute<{ id: string }[]>(`delete from person where id = any(?::uuid[]) returning id`, [`{${existing.join(',')}}`]);
  await enqueueWebhookEvents(em, WebhookEvent.PERSON_DELETED, rows.map((row) => ({ record: { id: row.id } })));
  await auditDeleted(work, em, 'PERSON', rows.map((row) => row.id));
  return rows.map((row) => row.id);
}

function importantDates(dates: ImportantDate[] | undefined): ImportantDate[] {
  return (dates ?? []).map((d, i) => ({
    label: requiredText(d.label, `importantDates.${i}.label`, 100),
    date: isoDate(d.date, `importantDates.${i}.date`)!,
  }));
}

export function address(input: { street?: string | null; postalCode?: string | null; city?: string | null; country?: string | null } | null | undefined) {
  const country = optionalText(input?.country, 'address.country', 2)?.toUpperCase() ?? null;
  if (country && !/^[A-Z]{2}$/.test(country)) throw badUserInput('address.country', 'The country must be a two-letter code such as DE.');
  return {
    street: optionalText(input?.street, 'address.street', 200),
    postalCode: optionalText(input?.postalCode, 'address.postalCode', 20),
    city: optionalText(input?.city, 'address.city', 100),
    country,
  };
}

const notFound = () => new KontorError(ErrorCode.NOT_FOUND, 'There is no such person in this account.');
