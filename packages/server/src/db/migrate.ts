import type { Orm } from './orm.js';
import type { Logger } from '../logging/logger.js';
import { migrateAccountSchema } from './account-schema.js';

/**
 * Brings the database up to date at start: first the global schema, then
 * every account schema, one at a time. A lock keeps two starting processes
 * from migrating at once.
 */
export async function migrateDatabase(orm: Orm, logger: Logger): Promise<{ global: string[]; accounts: number }> {
  const em = orm.em.fork();
  const connection = em.getConnection();
  const knex = connection.getKnex();
  // A session-level lock needs one connection for its whole life: take it from the pool by hand.
  const lockClient = await knex.client.acquireConnection();
  try {
    await lockClient.query(`select pg_advisory_lock(hashtext('kontor:migrate'))`);
    const executed = await orm.getMigrator().up();
    const global = executed.map((migration) => migration.name);
    if (global.length > 0) logger.info('global schema migrated', { migrations: global });

    const accounts = await em.execute<{ schema_name: string }[]>('select schema_name from account where deleted_at is null order by created_at');
    for (const { schema_name: schemaName } of accounts) {
      const applied = await orm.em.fork().transactional((tem) => migrateAccountSchema(tem, schemaName));
      if (applied.length > 0) logger.info('account schema migrated', { schema: schemaName, migrations: applied });
    }
    return { global, accounts: accounts.length };
  } finally {
    await lockClient.query(`select pg_advisory_unlock(hashtext('kontor:migrate'))`).catch(() => undefined);
    await knex.client.releaseConnection(lockClient);
  }
}
