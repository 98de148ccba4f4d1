import { Field, ID, InputType } from 'type-graphql';
import type { Where } from './sql-list.js';
import { textQuery } from './text-query.js';
import { uuidOrNil } from './validation.js';
import { CustomFieldCondition } from '../../customfields/custom-field.types.js';

/**
 * The conditions people, companies and deals filter by alike. Each filter
 * extends it with its own `text` (described by what it matches) and
 * conditions of its own. type-graphql takes fields along only from a
 * decorated base; no field has this type, so the schema does not show it.
 */
@InputType()
export abstract class RecordFilter {
  @Field(() => ID, { nullable: true })
  tagId?: string;

  @Field(() => ID, { nullable: true })
  responsibleUserId?: string;

  @Field({ nullable: true })
  createdAfter?: Date;

  @Field({ nullable: true })
  createdBefore?: Date;

  @Field(() => [CustomFieldCondition], { nullable: true, description: 'Conditions on custom fields of this record type (at most 20), each answered by its index.' })
  customFields?: CustomFieldCondition[];
}

export type RecordFilterFields = RecordFilter & { text?: string };

/**
 * Adds those conditions for a list of `owner` (alias `t`): text by the record's
 * search vector (prefix words), tag through `<owner>_tag`, responsible user,
 * and a creation range (after inclusive, before exclusive).
 */
export function addRecordFilters(where: Where, owner: 'person' | 'company' | 'deal', filter: RecordFilterFields): void {
  const query = filter.text ? textQuery(filter.text) : undefined;
  if (query) where.add(`t.search_vector @@ to_tsquery('simple', ?)`, query);
  if (filter.tagId) where.add(`exists (select 1 from ${owner}_tag o where o.${owner}_id = t.id and o.tag_id = ?::uuid)`, uuidOrNil(filter.tagId));
  if (filter.responsibleUserId) where.add(`t.responsible_user_id = ?::uuid`, uuidOrNil(filter.responsibleUserId));
  if (filter.createdAfter) where.add(`t.created_at >= ?`, filter.createdAfter);
  if (filter.createdBefore) where.add(`t.created_at < ?`, filter.createdBefore);
}
