import { assertAccountSchemaName } from '../db/account-schema.js';
import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import type { FileStorage } from './storage/file-storage.js';

/**
 * Removes from the storage the bytes of the account's deleted files: every
 * deleted `file` row left its key in `file_deletion` (a trigger, so files
 * that went with their person, company, deal or note are among them). Runs
 * with the retention clean-up (cleanup/retention-cleanup.ts), under the
 * account's own role, in batches; a key is dropped from the queue only in
 * the transaction after its bytes were deleted, so a failure retries it.
 * Returns how many files' bytes were removed.
 */
export async function sweepDeletedFiles(orm: Orm, storage: FileStorage, schemaName: string, batchSize = 100): Promise<number> {
  assertAccountSchemaName(schemaName);
  const schema = quoteIdent(schemaName);
  let total = 0;
  for (;;) {
    const swept = await orm.em.fork().transactional(async (em) => {
      await em.execute(`set local role ${schema}`);
      const rows = await em.execute<{ storage_key: string }[]>(
        `select storage_key from ${schema}.file_deletion order by deleted_at limit ? for update skip locked`,
        [batchSize],
      );
      for (const { storage_key } of rows) await storage.delete(storage_key);
      // Keys are two UUIDs and a slash (storage/file-storage.ts): safe inside an array literal's quotes.
      const keys = `{${rows.map((row) => `"${row.storage_key}"`).join(',')}}`;
      if (rows.length > 0) await em.execute(`delete from ${schema}.file_deletion where storage_key = any(?::text[])`, [keys]);
      return rows.length;
    });
    total += swept;
    if (swept < batchSize) return total;
  }
}
