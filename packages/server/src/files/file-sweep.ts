import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAccountSchemaName } from '../db/account-schema.js';
import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import type { FileStorage } from './storage/file-storage.js';

interface QueuedKey {
  id: string;
  account_schema: string;
  storage_key: string;
}

/**
 * Removes from the storage the bytes of deleted files, whose keys the
 * services queued in `file_deletion_queue` (files/file-deletion-queue.ts):
 * one global queue, so only accounts with deleted files are looked at. Runs
 * with the retention clean-up (cleanup/retention-cleanup.ts), in batches; a
 * key leaves the queue only in the transaction that deleted its bytes, so a
 * failure retries it, and `skip locked` lets two processes sweep at once.
 * A key that a `file` row of a live account still names is dropped from the
 * queue with its bytes kept: a file is never removed while referenced.
 * Returns how many files' bytes were removed.
 */
export async function sweepDeletedFiles(orm: Orm, storage: FileStorage, batchSize = 100): Promise<number> {
  let total = 0;
  for (;;) {
    const { swept, removed } = await orm.em.fork().transactional(async (em) => {
      const queued = await em.execute<QueuedKey[]>(
        `select id, account_schema, storage_key from file_deletion_queue order by queued_at limit ? for update skip locked`,
        [batchSize],
      );
      const live = await liveAccountSchemas(em, [...new Set(queued.map((row) => row.account_schema))]);
      const referenced = new Set<string>();
      for (const schemaName of live) {
        const keys = queued.filter((row) => row.account_schema === schemaName).map((row) => row.storage_key);
        for (const key of await keysStillReferenced(em, schemaName, keys)) referenced.add(key);
      }
      const unreferenced = [...new Set(queued.map((row) => row.storage_key).filter((key) => !referenced.has(key)))];
      for (const key of unreferenced) await storage.delete(key);
      if (queued.length > 0) await em.execute(`delete from file_deletion_queue where id = any(?::uuid[])`, [`{${queued.map((row) => row.id).join(',')}}`]);
      return { swept: queued.length, removed: unreferenced.length };
    });
    total += removed;
    if (swept < batchSize) return total;
  }
}

/** Of these schemas, those of accounts not deleted (a deleted account's schema is gone, and with it every reference). */
async function liveAccountSchemas(em: EntityManager, schemaNames: string[]): Promise<string[]> {
  if (schemaNames.length === 0) return [];
  const rows = await em.execute<{ schema_name: string }[]>(`select schema_name from account where schema_name = any(?::text[]) and deleted_at is null`, [
    `{${schemaNames.join(',')}}`,
  ]);
  return rows.map((row) => row.schema_name);
}

/** Under the account's own role, like every other touch of its schema; back to the sweeper's role afterwards. */
async function keysStillReferenced(em: EntityManager, schemaName: string, keys: string[]): Promise<string[]> {
  assertAccountSchemaName(schemaName);
  const schema = quoteIdent(schemaName);
  await em.execute(`set local role ${schema}`);
  // Keys are two UUIDs and a slash (storage/file-storage.ts): safe inside an array literal's quotes.
  const rows = await em.execute<{ storage_key: string }[]>(`select storage_key from ${schema}.file where storage_key = any(?::text[])`, [
    `{${keys.map((key) => `"${key}"`).join(',')}}`,
  ]);
  await em.execute('set local role none');
  return rows.map((row) => row.storage_key);
}
