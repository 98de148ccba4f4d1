import { Field, ID, InputType } from 'type-graphql';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import type { RequestContext } from '../../request/context.js';
import { badUserInput } from '../../errors/errors.js';
import type { SubjectType } from '../activity/activity.js';
import { Deal } from '../deals/deal.entity.js';
import { Person } from '../people/person.entity.js';
import { assertRecordExists } from './record-references.js';
import { loadersOf } from './loaders.js';
import type { Where } from './sql-list.js';
import { uuidOrNil } from './validation.js';

/** The record a task or note is about: at most one of a person, a company or a deal. */
export interface SubjectIds {
  personId?: string | null;
  companyId?: string | null;
  dealId?: string | null;
}

/**
 * The subject fields of the inputs that name one (a new task or note, a list
 * filter). type-graphql takes fields along only from a decorated base; no
 * field has this type, so the schema does not show it.
 */
@InputType()
export abstract class SubjectFields implements SubjectIds {
  @Field(() => ID, { nullable: true })
  personId?: string;

  @Field(() => ID, { nullable: true })
  companyId?: string;

  @Field(() => ID, { nullable: true })
  dealId?: string;
}

const kinds = [
  { field: 'personId', table: 'person', type: 'PERSON', column: 'person_id' },
  { field: 'companyId', table: 'company', type: 'COMPANY', column: 'company_id' },
  { field: 'dealId', table: 'deal', type: 'DEAL', column: 'deal_id' },
] as const;

/**
 * Checks a subject given as input: at most one (exactly one when `required`),
 * and a record of this account. Returns all three columns, the others null.
 */
export async function checkSubject(work: UnitOfWork, ids: SubjectIds, options: { required: boolean }): Promise<Required<{ [K in keyof SubjectIds]: string | null }>> {
  const given = kinds.filter((kind) => ids[kind.field] !== undefined && ids[kind.field] !== null);
  if (given.length > 1) throw badUserInput(given[1]!.field, 'Give only one of personId, companyId and dealId.');
  if (options.required && given.length === 0) throw badUserInput('personId', 'Give one of personId, companyId and dealId.');
  for (const kind of given) await assertRecordExists(work, kind.table, ids[kind.field]!, kind.field);
  return { personId: ids.personId ?? null, companyId: ids.companyId ?? null, dealId: ids.dealId ?? null };
}

/** The subject as the timeline addresses it, or null when there is none. */
export function subjectOf(ids: SubjectIds): { type: SubjectType; id: string } | null {
  const kind = kinds.find((k) => ids[k.field]);
  return kind ? { type: kind.type, id: ids[kind.field]! } : null;
}

/** List filters by subject; an ID that is not a UUID simply matches nothing. */
export function filterBySubject(where: Where, filter: SubjectIds): void {
  for (const kind of kinds) {
    const id = filter[kind.field];
    if (id) where.add(`t.${kind.column} = ?::uuid`, uuidOrNil(id));
  }
}

export function loadPerson(ctx: RequestContext, personId: string | null | undefined, columns?: string[]): Promise<Person | null> {
  return personId ? loadersOf(ctx).entity(Person, 'person', columns).load(personId) : Promise.resolve(null);
}

export function loadDeal(ctx: RequestContext, dealId: string | null | undefined, columns?: string[]): Promise<Deal | null> {
  return dealId ? loadersOf(ctx).entity(Deal, 'deal', columns).load(dealId) : Promise.resolve(null);
}
