import type { RequestContext } from '../../graphql/context.js';
import { Company } from '../companies/company.entity.js';
import { Person } from '../people/person.entity.js';
import { Tag } from '../tags/tag.entity.js';
import { activityFromRow, type Activity, type SubjectType } from '../activity/activity.js';
import { pageSize } from './connection.js';
import { loadersOf } from './loaders.js';
import { rowMapper } from './row-mapper.js';

/** Relations several record types share, each batched through the request's loaders. */
export function loadCompany(ctx: RequestContext, companyId: string | null | undefined): Promise<Company | null> {
  return companyId ? loadersOf(ctx).entity(Company, 'company').load(companyId) : Promise.resolve(null);
}

/** The first `first` (at most 100) tags of a record, by name, for a whole page of records in one query. */
export function loadTags(ctx: RequestContext, owner: 'person' | 'company' | 'deal', ownerId: string, first: number): Promise<Tag[]> {
  const size = pageSize(first);
  return loadersOf(ctx)
    .grouped(
      `${owner}-tags:${size}`,
      `select * from (
        select o.${owner}_id as "__owner", t.*, row_number() over (partition by o.${owner}_id order by lower(t.name), t.id) as "__rank"
        from ${owner}_tag o join tag t on t.id = o.tag_id where o.${owner}_id = any(?::uuid[])
      ) r where "__rank" <= ? order by "__rank"`,
      '__owner',
      (crm, row) => rowMapper(crm.ctx.orm.getMetadata(), Tag)(row),
      [size],
    )
    .load(ownerId);
}

/**
 * The newest `first` (at most 100) entries of a record's timeline, for a
 * whole page of records in one query: a window keeps the newest of each.
 */
export function loadTimeline(ctx: RequestContext, subjectType: SubjectType, subjectId: string, first: number): Promise<Activity[]> {
  const size = pageSize(first);
  return loadersOf(ctx)
    .grouped(
      `${subjectType}-timeline:${size}`,
      `select * from (
        select a.*, row_number() over (partition by a.subject_id order by a.occurred_at desc, a.id desc) as "__rank"
        from activity a where a.subject_id = any(?::uuid[]) and a.subject_type = ?
      ) r where "__rank" <= ? order by "__rank"`,
      'subject_id',
      (_crm, row) => activityFromRow(row),
      [subjectType, size],
    )
    .load(subjectId);
}

/**
 * The first `first` people (by name) of a company or a deal, for a whole page
 * of companies or deals in one query: `owned` selects the people with their
 * owner's ID as "__owner", a window keeps the first `first` of each. The
 * whole list pages through `people(filter: { companyId | dealId })`.
 */
export function loadPeopleOf(ctx: RequestContext, relation: 'company' | 'deal', owned: string, ownerId: string, first: number): Promise<Person[]> {
  const size = pageSize(first);
  return loadersOf(ctx)
    .grouped(
      `${relation}-people:${size}`,
      `select * from (
        select o.*, row_number() over (partition by o."__owner" order by lower(o.last_name), lower(o.first_name), o.id) as "__rank" from (${owned}) o
      ) r where "__rank" <= ? order by "__rank"`,
      '__owner',
      (crm, row) => rowMapper(crm.ctx.orm.getMetadata(), Person)(row),
      [size],
    )
    .load(ownerId);
}
