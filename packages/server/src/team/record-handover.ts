import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAccountSchemaName } from '../db/account-schema.js';
import { quoteIdent } from '../db/sql.js';

export interface HandedOverCounts {
  people: number;
  companies: number;
  deals: number;
  openTasks: number;
}

export interface HandOver {
  fromUserId: string;
  toUserId: string;
  /** Who made the change, for the records' timelines. */
  actorUserId: string;
}

/**
 * Makes `toUserId` responsible for everything `fromUserId` was responsible for
 * in one account: people, companies, deals (open or closed) and open tasks.
 * Done tasks keep their assignee, as history; each moved person, company and
 * deal gets a CHANGED entry on its timeline. `em` must be the account's own
 * (AccountScope.em()), so this can only ever touch that account's schema.
 */
export async function handOverRecords(em: EntityManager, schemaName: string, handOver: HandOver): Promise<HandedOverCounts> {
  assertAccountSchemaName(schemaName);
  const s = quoteIdent(schemaName);
  const { fromUserId, toUserId, actorUserId } = handOver;
  const moveWithTimeline = async (table: 'person' | 'company' | 'deal') => {
    const [row] = await em.execute<{ moved: number }[]>(
      `with moved as (
         update ${s}.${table} set responsible_user_id = ?, updated_at = now() where responsible_user_id = ? returning id
       ), logged as (
         insert into ${s}.activity (id, subject_type, subject_id, kind, actor_user_id, details)
         select gen_random_uuid(), ?, id, 'CHANGED', ?, '{"changedFields":["responsibleUserId"]}'::jsonb from moved
       )
       select count(*)::int as moved from moved`,
      [toUserId, fromUserId, table.toUpperCase(), actorUserId],
    );
    return row!.moved;
  };
  const people = await moveWithTimeline('person');
  const companies = await moveWithTimeline('company');
  const deals = await moveWithTimeline('deal');
  const openTasks = await em.execute<{ id: string }[]>(
    `update ${s}.task set assignee_user_id = ?, updated_at = now() where assignee_user_id = ? and not done returning id`,
    [toUserId, fromUserId],
  );
  return { people, companies, deals, openTasks: openTasks.length };
}
