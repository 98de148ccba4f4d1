import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAccountSchemaName } from '../db/account-schema.js';
import { quoteIdent } from '../db/sql.js';

export interface HandedOverCounts {
  people: number;
  companies: number;
  deals: number;
  openTasks: number;
}

/**
 * Makes `toUserId` responsible for everything `fromUserId` was responsible for
 * in one account: people, companies, deals (open or closed) and open tasks.
 * Done tasks keep their assignee, as history. `em` must be the account's own
 * (AccountScope.em()), so this can only ever touch that account's schema.
 */
export async function handOverRecords(em: EntityManager, schemaName: string, fromUserId: string, toUserId: string): Promise<HandedOverCounts> {
  assertAccountSchemaName(schemaName);
  const s = quoteIdent(schemaName);
  const update = async (sql: string) => (await em.execute<{ id: string }[]>(`${sql} returning id`, [toUserId, fromUserId])).length;
  return {
    people: await update(`update ${s}.person set responsible_user_id = ?, updated_at = now() where responsible_user_id = ?`),
    companies: await update(`update ${s}.company set responsible_user_id = ?, updated_at = now() where responsible_user_id = ?`),
    deals: await update(`update ${s}.deal set responsible_user_id = ?, updated_at = now() where responsible_user_id = ?`),
    openTasks: await update(`update ${s}.task set assignee_user_id = ?, updated_at = now() where assignee_user_id = ? and not done`),
  };
}
