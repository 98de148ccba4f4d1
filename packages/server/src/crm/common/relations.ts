import type DataLoader from 'dataloader';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import type { RequestContext } from '../../request/context.js';
import { Company } from '../companies/company.entity.js';
import { Person } from '../people/person.entity.js';
import { Tag } from '../tags/tag.entity.js';
import { activityFromRow, type Activity, type SubjectType } from '../activity/activity.js';
import { pageSize } from './connection.js';
import { columnList, loadersOf } from './loaders.js';
import { rowMapper } from './row-mapper.js';

/** Relations several record types share, each batched through the request's loaders. */
export function loadCompany(ctx: RequestContext, companyId: string | null | undefined, columns?: string[]): Promise<Company | null> {
  return companyId ? loadersOf(ctx).entity(Company, 'company', columns).load(companyId) : Promise.resolve(null);
}

/** The first `first` (at most 100) tags of a record, by name, for a whole page of records in one query, with the `columns` asked for. */
export function loadTags(ctx: RequestContext, owner: 'person' | 'company' | 'deal', ownerId: string, first: number, columns?: string[]): Promise<Tag[]> {
  // The name orders the tags, asked for or not.
  const selected = columns ? columnList([...new Set([...columns, 'name'])]) : 't.*';
  const tagged = `select o.${owner}_id as "__owner", ${selected} from ${owner}_tag o join tag t on t.id = o.tag_id where o.${owner}_id = any(?::uuid[])`;
  const name = `${owner}-tags:${columns?.join(',') ?? '*'}`;
  return firstOfEach(ctx, name, tagged, 'lower(o.name), o.id', first, (work, row) => rowMapper(work.metadata, Tag)(row)).load(ownerId);
}

/** The newest `first` (at most 100) entries of a record's timeline, for a whole page of records in one query. */
export function loadTimeline(ctx: RequestContext, subjectType: SubjectType, subjectId: string, first: number): Promise<Activity[]> {
  const entries = `select a.subject_id as "__owner", a.* from activity a where a.subject_id = any(?::uuid[]) and a.subject_type = ?`;
  return firstOfEach(ctx, `${subjectType}-timeline`, entries, 'o.occurred_at desc, o.id desc', first, (_work, row) => activityFromRow(row), [subjectType]).load(subjectId);
}

/**
 * The first `first` (at most 100) people of a company or a deal, by name, for
 * a whole page of companies or deals in one query; `owned` selects them with
 * their company's or deal's ID as "__owner". The whole list pages through
 * `people(filter: { companyId | dealId })`.
 */
export function loadPeopleOf(ctx: RequestContext, relation: 'company' | 'deal', owned: string, ownerId: string, first: number): Promise<Person[]> {
  const order = 'lower(o.last_name), lower(o.first_name), o.id';
  return firstOfEach(ctx, `${relation}-people`, owned, order, first, (work, row) => rowMapper(work.metadata, Person)(row)).load(ownerId);
}

/**
 * A loader of the first `first` items (1 to 100, else BAD_USER_INPUT) of each
 * owner's list, for a whole page of owners in one query: `rows` selects every
 * item with its owner's ID as "__owner" (the owners' IDs are its first
 * parameter, `params` follow), and a window keeps the first of each in `order`
 * (over `rows` as `o`).
 */
function firstOfEach<T>(
  ctx: RequestContext,
  name: string,
  rows: string,
  order: string,
  first: number,
  map: (work: UnitOfWork, row: Record<string, unknown>) => T,
  params: unknown[] = [],
): DataLoader<string, T[]> {
  const size = pageSize(first);
  const sql = `select * from (
      select o.*, row_number() over (partition by o."__owner" order by ${order}) as "__rank" from (${rows}) o
    ) r where "__rank" <= ? order by "__rank"`;
  return loadersOf(ctx).grouped(`${name}:${size}`, sql, '__owner', map, [...params, size]);
}
