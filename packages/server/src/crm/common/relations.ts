import type { RequestContext } from '../../graphql/context.js';
import { Company } from '../companies/company.entity.js';
import { Tag } from '../tags/tag.entity.js';
import { activityFromRow, type Activity, type SubjectType } from '../activity/activity.js';
import { crmOf } from './crm-context.js';
import { loadersOf } from './loaders.js';
import { rowMapper } from './row-mapper.js';

/** Relations several record types share, each batched through the request's loaders. */
export function loadCompany(ctx: RequestContext, companyId: string | null | undefined): Promise<Company | null> {
  return companyId ? loadersOf(ctx).entity(Company, 'company').load(companyId) : Promise.resolve(null);
}

export function loadTags(ctx: RequestContext, owner: 'person' | 'company' | 'deal', ownerId: string): Promise<Tag[]> {
  return loadersOf(ctx)
    .grouped(
      `${owner}-tags`,
      `select o.${owner}_id as "__owner", t.* from ${owner}_tag o join tag t on t.id = o.tag_id where o.${owner}_id = any(?::uuid[]) order by lower(t.name)`,
      '__owner',
      (crm, row) => rowMapper(crm.ctx.orm.getMetadata(), Tag)(row),
    )
    .load(ownerId);
}

/** The newest `first` entries of a record's timeline. */
export async function loadTimeline(ctx: RequestContext, subjectType: SubjectType, subjectId: string, first: number): Promise<Activity[]> {
  const crm = await crmOf(ctx);
  const rows = await crm.em.execute<Record<string, unknown>[]>(
    `select * from activity where subject_type = ? and subject_id = ? order by occurred_at desc, id desc limit ?`,
    [subjectType, subjectId, Math.min(Math.max(first, 1), 100)],
  );
  return rows.map(activityFromRow);
}
