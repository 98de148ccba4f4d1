import type { PageSelection } from '../common/selection.js';
import { auditDeleted } from '../../audit/audit-trail.js';
import { ErrorCode, KontorError, badUserInput } from '../../errors/errors.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { enqueueWebhookEvents, WebhookEvent } from '../../webhooks/webhook-events.js';
import { finishCreation, finishUpdate } from '../../customfields/record-changes.js';
import { customListShape } from '../../customfields/custom-field-filters.js';
import { CustomFieldRecordType, type CustomFieldOrder } from '../../customfields/custom-field.types.js';
import { assertWithinContactLimit, lockContacts } from '../common/contact-limit.js';
import { assertActiveMember, setTags } from '../common/record-references.js';
import { listPage, Where, type SortOrder } from '../common/sql-list.js';
import { emailList, isUuid, optionalText, phoneList, requiredText } from '../common/validation.js';
import { address } from '../people/person.service.js';
import { queueFilesOfRecords } from '../../files/file-deletion-queue.js';
import { allowDeletes } from '../common/deletion.js';
import { Company } from './company.entity.js';
import { CompanyOrder, type CompanyFilter, type CreateCompanyInput, type UpdateCompanyInput } from './company.types.js';
import { rowMapper } from '../common/row-mapper.js';
import { changeTracker } from '../common/change-tracker.js';
import { addRecordFilters } from '../common/record-filters.js';

const byName: SortOrder['keys'] = [
  { sql: 'lower(t.name)', type: 'text' },
  { sql: 't.id', type: 'uuid' },
];
const byCreation: SortOrder['keys'] = [
  { sql: 't.created_at', type: 'timestamptz' },
  { sql: 't.id', type: 'uuid' },
];
const orders: Record<CompanyOrder, SortOrder> = {
  [CompanyOrder.NAME_ASC]: { direction: 'asc', keys: byName },
  [CompanyOrder.NAME_DESC]: { direction: 'desc', keys: byName },
  [CompanyOrder.CREATED_AT_ASC]: { direction: 'asc', keys: byCreation },
  [CompanyOrder.CREATED_AT_DESC]: { direction: 'desc', keys: byCreation },
};

export async function listCompanies(
  work: UnitOfWork,
  args: { first?: number; after?: string; filter?: CompanyFilter; orderBy?: CompanyOrder; customOrder?: CustomFieldOrder; selection?: PageSelection },
) {
  const where = new Where();
  const filter = args.filter ?? {};
  addRecordFilters(where, 'company', filter);
  return listPage(work.scope, {
    table: 'company',
    where,
    order: await customListShape(work.scope, CustomFieldRecordType.COMPANY, where, filter.customFields, args.customOrder, orders[args.orderBy ?? CompanyOrder.NAME_ASC]),
    first: args.first,
    after: args.after,
    toNode: rowMapper(work.metadata, Company),
    selection: args.selection,
  });
}

export async function findCompany(work: UnitOfWork, id: string): Promise<Company | null> {
  const em = await work.accountEm();
  return isUuid(id) ? em.findOne(Company, id) : null;
}

function website(value: string | null | undefined): string | null {
  const text = optionalText(value, 'website', 300);
  if (text && !/^(https?:\/\/)?[^\s/$.?#].[^\s]*$/i.test(text)) throw badUserInput('website', 'The website must be an address such as https://example.com.');
  return text;
}

export async function createCompany(work: UnitOfWork, input: CreateCompanyInput): Promise<Company> {
  const em = await work.accountEm();
  const company = em.create(Company, {
    name: requiredText(input.name, 'name', 200),
    website: website(input.website),
    emails: emailList(input.emails ?? [], 'emails'),
    phones: phoneList(input.phones ?? [], 'phones'),
    ...address(input.address),
    responsibleUserId: input.responsibleUserId ?? work.userId,
    createdBy: work.userId,
  });
  if (input.responsibleUserId != null) await assertActiveMember(work, input.responsibleUserId, 'responsibleUserId');
  await lockContacts(work);
  await em.flush();
  if (input.tagIds) await setTags(work, 'company', company.id, input.tagIds);
  await assertWithinContactLimit(work);
  await finishCreation(work, 'COMPANY', company, WebhookEvent.COMPANY_CREATED, input.customFields);
  return company;
}

export async function updateCompany(work: UnitOfWork, id: string, input: UpdateCompanyInput): Promise<Company> {
  const em = await work.accountEm();
  const company = await findCompany(work, id);
  if (!company) throw notFound();
  const { set, changed } = changeTracker(company);
  if (input.name !== undefined) set('name', requiredText(input.name, 'name', 200));
  if (input.website !== undefined) set('website', website(input.website));
  if (input.emails !== undefined) set('emails', emailList(input.emails, 'emails'));
  if (input.phones !== undefined) set('phones', phoneList(input.phones, 'phones'));
  if (input.address !== undefined) for (const [key, value] of Object.entries(address(input.address))) set(key as 'street', value);
  if (input.responsibleUserId !== undefined) {
    if (input.responsibleUserId !== null) await assertActiveMember(work, input.responsibleUserId, 'responsibleUserId');
    set('responsibleUserId', input.responsibleUserId);
  }
  await em.flush();
  if (input.tagIds !== undefined) {
    await setTags(work, 'company', company.id, input.tagIds);
    changed.push('tags');
  }
  await finishUpdate(work, 'COMPANY', company, WebhookEvent.COMPANY_UPDATED, changed, input.customFields);
  return company;
}

/** Deletes companies; their people stay, without a company (and may then count as contacts of their own). */
export async function deleteCompanies(work: UnitOfWork, ids: string[]): Promise<string[]> {
  const em = await work.accountEm();
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  await allowDeletes(work, await queueFilesOfRecords(em, 'company', valid));
  const rows = await em.execute<{ id: string }[]>(`delete from company where id = any(?::uuid[]) returning id`, [`{${valid.join(',')}}`]);
  await enqueueWebhookEvents(em, WebhookEvent.COMPANY_DELETED, rows.map((row) => ({ record: { id: row.id } })));
  await auditDeleted(work, em, 'COMPANY', rows.map((row) => row.id));
  return rows.map((row) => row.id);
}

const notFound = () => new KontorError(ErrorCode.NOT_FOUND, 'There is no such company in this account.');
