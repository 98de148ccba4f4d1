import type { PageSelection } from '../common/selection.js';
import { auditDeleted } from '../../audit/audit-trail.js';
import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { badUserInput, ErrorCode, KontorError } from '../../errors/errors.js';
import { ActivityKind, recordActivity } from '../activity/activity.js';
import { enqueueWebhookEvent, enqueueWebhookEvents, recordPayload, WebhookEvent } from '../../webhooks/webhook-events.js';
import { finishCreation, finishUpdate } from '../../customfields/record-changes.js';
import { customListShape } from '../../customfields/custom-field-filters.js';
import { CustomFieldRecordType, type CustomFieldOrder } from '../../customfields/custom-field.types.js';
import { assertActiveMember, assertRecordExists, companyNameFor, setTags } from '../common/record-references.js';
import { pgArray } from '../common/loaders.js';
import { listPage, Where, type SortOrder } from '../common/sql-list.js';
import { isoDate, isUuid, requiredText, uuidOrNil } from '../common/validation.js';
import { queueFilesOfRecords } from '../../files/file-deletion-queue.js';
import { allowDeletes } from '../common/deletion.js';
import { Deal, DealStatus } from './deal.entity.js';
import { DealOrder, type CreateDealInput, type DealFilter, type MoneyInput, type UpdateDealInput } from './deal.types.js';
import { Phase } from './pipeline.entity.js';
import { rowMapper } from '../common/row-mapper.js';
import { changeTracker } from '../common/change-tracker.js';
import { addRecordFilters } from '../common/record-filters.js';

const id: SortOrder['keys'][number] = { sql: 't.id', type: 'uuid' };
const created: SortOrder['keys'] = [{ sql: 't.created_at', type: 'timestamptz' }, id];
const orders: Record<DealOrder, SortOrder> = {
  [DealOrder.CREATED_AT_DESC]: { direction: 'desc', keys: created },
  [DealOrder.CREATED_AT_ASC]: { direction: 'asc', keys: created },
  [DealOrder.VALUE_DESC]: { direction: 'desc', keys: [{ sql: 't.value_cents', type: 'bigint' }, id] },
  [DealOrder.TITLE_ASC]: { direction: 'asc', keys: [{ sql: 'lower(t.title)', type: 'text' }, id] },
};

export async function listDeals(
  work: UnitOfWork,
  args: { first?: number; after?: string; filter?: DealFilter; orderBy?: DealOrder; customOrder?: CustomFieldOrder; selection?: PageSelection },
) {
  const where = new Where();
  const f = args.filter ?? {};
  addRecordFilters(where, 'deal', f);
  if (f.personId) where.add(`exists (select 1 from deal_person dp where dp.deal_id = t.id and dp.person_id = ?::uuid)`, uuidOrNil(f.personId));
  if (f.companyId) where.add(`t.company_id = ?::uuid`, uuidOrNil(f.companyId));
  if (f.pipelineId) where.add(`t.pipeline_id = ?::uuid`, uuidOrNil(f.pipelineId));
  if (f.phaseId) where.add(`t.phase_id = ?::uuid`, uuidOrNil(f.phaseId));
  if (f.status) where.add(`t.status = ?`, f.status);
  if (f.targetDateFrom) where.add(`t.target_date >= ?::date`, isoDate(f.targetDateFrom, 'filter.targetDateFrom'));
  if (f.targetDateTo) where.add(`t.target_date <= ?::date`, isoDate(f.targetDateTo, 'filter.targetDateTo'));
  return listPage(work.scope, {
    table: 'deal',
    where,
    order: await customListShape(work.scope, CustomFieldRecordType.DEAL, where, f.customFields, args.customOrder, orders[args.orderBy ?? DealOrder.CREATED_AT_DESC]),
    first: args.first,
    after: args.after,
    toNode: rowMapper(work.metadata, Deal),
    selection: args.selection,
  });
}

export async function findDeal(work: UnitOfWork, dealId: string): Promise<Deal | null> {
  const em = await work.accountEm();
  return isUuid(dealId) ? em.findOne(Deal, dealId) : null;
}

function probability(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 100 || value % 5 !== 0) throw badUserInput('probability', 'The probability must be 0–100 in steps of 5.');
  return value;
}

function money(value: MoneyInput): { valueCents: number; currency: string } {
  if (!Number.isSafeInteger(value.amountCents) || value.amountCents < 0) throw badUserInput('value.amountCents', 'The amount must be a whole number of cents, 0 or more.');
  const currency = (value.currency ?? 'EUR').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw badUserInput('value.currency', 'The currency must be a three-letter code such as EUR.');
  return { valueCents: value.amountCents, currency };
}

/** The phase a new deal starts in: the one given (which must be of the given pipeline), else the pipeline's first. */
async function startPhase(work: UnitOfWork, pipelineId: string | undefined, phaseId: string | undefined): Promise<Phase> {
  const em = await work.accountEm();
  if (phaseId) {
    const phase = isUuid(phaseId) ? await em.findOne(Phase, phaseId) : null;
    if (!phase) throw badUserInput('phaseId', 'There is no such phase in this account.');
    if (pipelineId && phase.pipelineId !== pipelineId) throw badUserInput('phaseId', 'This phase belongs to another pipeline.');
    return phase;
  }
  const [phase] = await em.execute<Record<string, unknown>[]>(
    pipelineId
      ? `select * from phase where pipeline_id = ?::uuid order by position limit 1`
      : `select ph.* from phase ph join pipeline p on p.id = ph.pipeline_id order by p.position, ph.position limit 1`,
    pipelineId ? [uuidOrNil(pipelineId)] : [],
  );
  if (!phase) throw badUserInput(pipelineId ? 'pipelineId' : 'phaseId', pipelineId ? 'There is no such pipeline (with phases) in this account.' : 'Create a pipeline first.');
  return rowMapper(work.metadata, Phase)(phase);
}

async function setPeople(work: UnitOfWork, dealId: string, personIds: string[]): Promise<void> {
  const em = await work.accountEm();
  const unique = [...new Set(personIds)];
  for (const personId of unique) await assertRecordExists(work, 'person', personId, 'personIds');
  await em.execute(`delete from deal_person where deal_id = ?`, [dealId]);
  if (unique.length > 0) await em.execute(`insert into deal_person (deal_id, person_id) select ?, unnest(?::uuid[])`, [dealId, pgArray(unique)]);
}

export async function createDeal(work: UnitOfWork, input: CreateDealInput): Promise<Deal> {
  const em = await work.accountEm();
  const title = requiredText(input.title, 'title', 200);
  const phase = await startPhase(work, input.pipelineId, input.phaseId);
  const companyName = input.companyId != null ? await companyNameFor(work, input.companyId, 'companyId') : null;
  if (input.responsibleUserId != null) await assertActiveMember(work, input.responsibleUserId, 'responsibleUserId');
  const deal = em.create(Deal, {
    title,
    companyId: input.companyId ?? null,
    companyName,
    pipelineId: phase.pipelineId,
    phaseId: phase.id,
    ...(input.value ? money(input.value) : {}),
    probability: probability(input.probability ?? 0),
    targetDate: isoDate(input.targetDate, 'targetDate'),
    status: input.status ?? DealStatus.OPEN,
    responsibleUserId: input.responsibleUserId ?? work.userId,
    createdBy: work.userId,
  });
  await em.flush();
  if (input.personIds) await setPeople(work, deal.id, input.personIds);
  if (input.tagIds) await setTags(work, 'deal', deal.id, input.tagIds);
  await finishCreation(work, 'DEAL', deal, WebhookEvent.DEAL_CREATED, input.customFields);
  return deal;
}

export async function updateDeal(work: UnitOfWork, dealId: string, input: UpdateDealInput): Promise<Deal> {
  const em = await work.accountEm();
  const deal = await findDeal(work, dealId);
  if (!deal) throw notFound();
  const { set, changed } = changeTracker(deal);
  if (input.title !== undefined) set('title', requiredText(input.title, 'title', 200));
  if (input.value !== undefined) {
    const { valueCents, currency } = money(input.value);
    set('valueCents', valueCents);
    set('currency', currency);
  }
  if (input.probability !== undefined) set('probability', probability(input.probability));
  if (input.targetDate !== undefined) set('targetDate', isoDate(input.targetDate, 'targetDate'));
  if (input.status !== undefined) set('status', input.status);
  if (input.companyId !== undefined) {
    deal.companyName = input.companyId === null ? null : await companyNameFor(work, input.companyId, 'companyId');
    set('companyId', input.companyId);
  }
  if (input.responsibleUserId !== undefined) {
    if (input.responsibleUserId !== null) await assertActiveMember(work, input.responsibleUserId, 'responsibleUserId');
    set('responsibleUserId', input.responsibleUserId);
  }
  await em.flush();
  if (input.personIds !== undefined) {
    await setPeople(work, deal.id, input.personIds);
    changed.push('people');
  }
  if (input.tagIds !== undefined) {
    await setTags(work, 'deal', deal.id, input.tagIds);
    changed.push('tags');
  }
  await finishUpdate(work, 'DEAL', deal, WebhookEvent.DEAL_UPDATED, changed, input.customFields);
  return deal;
}

/** Moves a deal to another phase (of any pipeline), recording the move for its history and timeline. */
export async function moveDeal(work: UnitOfWork, dealId: string, phaseId: string): Promise<Deal> {
  const em = await work.accountEm();
  const deal = await findDeal(work, dealId);
  if (!deal) throw notFound();
  const to = isUuid(phaseId) ? await em.findOne(Phase, phaseId) : null;
  if (!to) throw badUserInput('phaseId', 'There is no such phase in this account.');
  if (to.id === deal.phaseId) return deal;
  const from = await em.findOne(Phase, deal.phaseId);
  deal.phaseId = to.id;
  deal.pipelineId = to.pipelineId;
  await em.flush();
  await em.execute(`insert into deal_phase_change (id, deal_id, from_phase_id, to_phase_id, changed_by) values (?, ?, ?, ?, ?)`, [
    randomUUID(),
    deal.id,
    from?.id ?? null,
    to.id,
    work.userId,
  ]);
  await recordActivity(work, 'DEAL', deal.id, ActivityKind.PHASE_MOVED, { fromPhase: from?.name ?? null, toPhase: to.name });
  await enqueueWebhookEvent(em, WebhookEvent.DEAL_UPDATED, recordPayload(deal, ['phaseId', 'pipelineId']));
  return deal;
}

export async function deleteDeals(work: UnitOfWork, ids: string[]): Promise<string[]> {
  const em = await work.accountEm();
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  await allowDeletes(work, await queueFilesOfRecords(em, 'deal', valid));
  const rows = await em.execute<{ id: string }[]>(`delete from deal where id = any(?::uuid[]) returning id`, [pgArray(valid)]);
  await enqueueWebhookEvents(em, WebhookEvent.DEAL_DELETED, rows.map((row) => ({ record: { id: row.id } })));
  await auditDeleted(work, em, 'DEAL', rows.map((row) => row.id));
  return rows.map((row) => row.id);
}

const notFound = () => new KontorError(ErrorCode.NOT_FOUND, 'There is no such deal in this account.');
