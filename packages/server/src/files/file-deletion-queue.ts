import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAccountSchemaName } from '../db/account-schema.js';
import { quoteIdent } from '../db/sql.js';

/**
 * Deleted files' bytes leave the storage through `file_deletion_queue`
 * (global; swept by files/file-sweep.ts): whatever deletes `file` rows writes
 * their storage keys there in the same transaction, so a deletion rolled back
 * queues nothing and one committed always does. No trigger does it (Citus
 * refuses triggers on distributed tables), so every path that deletes files
 * calls one of these, directly or through its records:
 * - a file: `queueFile`;
 * - a person, company, deal or note, whose files (and whose notes' files) go
 *   with it by `on delete cascade`: `queueFilesOfRecords`, before the delete;
 * - a whole account: `queueFilesOfAccount`, before its schema is dropped.
 * Queueing more than goes is harmless: the sweep never removes the bytes of
 * a key a `file` row still names.
 */

/** Recorded records whose files can be queued; a note's files are queued with it, and so are the files of a record's notes. */
export type RecordWithFiles = 'person' | 'company' | 'deal' | 'note';

/** Queues one file's key. Under the account's role (the account's entity manager), before its row goes. */
export async function queueFile(em: EntityManager, fileId: string): Promise<void> {
  await queueKeys(em, await em.execute<{ storage_key: string }[]>(`select storage_key from file where id = ?::uuid`, [fileId]));
}

/** Records named by a query of their IDs (one column), for more of them than a list should hold (an import's undo). */
export interface RecordIdQuery {
  sql: string;
  params: unknown[];
}

/**
 * Queues the keys of the files attached to these records or to their notes.
 * Call it right before deleting them, with the account's entity manager. The
 * records and their notes are locked first: an upload attaching a file to
 * one of them meanwhile waits for this transaction (and then finds its
 * record gone), so no file slips past the queue into the cascade. Answers
 * how many files go (they count against the request's deletions).
 */
export async function queueFilesOfRecords(em: EntityManager, table: RecordWithFiles, records: readonly string[] | RecordIdQuery): Promise<number> {
  const among = 'sql' in records ? { sql: `in (${records.sql})`, params: records.params } : { sql: '= any(?::uuid[])', params: [`{${records.join(',')}}`] };
  if (!('sql' in records) && records.length === 0) return 0;
  await em.execute(`select 1 from ${table} where id ${among.sql} order by id for update`, among.params);
  const notes =
    table === 'note'
      ? []
      : (await em.execute<{ id: string }[]>(`select id from note where ${table}_id ${among.sql} order by id for update`, among.params)).map((row) => row.id);
  const keys = await em.execute<{ storage_key: string }[]>(`select storage_key from file where ${table}_id ${among.sql} or note_id = any(?::uuid[])`, [
    ...among.params,
    `{${notes.join(',')}}`,
  ]);
  await queueKeys(em, keys);
  return keys.length;
}

/**
 * Read first and written in a second statement, and only when there is a
 * key: on Citus the account's tables live on a worker and the queue on the
 * coordinator, and a deletion without files then touches only the worker.
 */
async function queueKeys(em: EntityManager, keys: { storage_key: string }[], accountSchema?: string): Promise<void> {
  if (keys.length === 0) return;
  // Keys are two UUIDs and a slash (storage/file-storage.ts): safe inside an array literal's quotes.
  // Under an account's role, the account is the role itself (and row-level security insists on it).
  await em.execute(`insert into public.file_deletion_queue (account_schema, storage_key) select coalesce(?, current_user), unnest(?::text[])`, [
    accountSchema ?? null,
    `{${keys.map((row) => `"${row.storage_key}"`).join(',')}}`,
  ]);
}

/**
 * Queues every file of an account whose schema is about to be dropped. With
 * the global entity manager, inside the deleting transaction: the account's
 * files leave the storage with the next sweep.
 */
export async function queueFilesOfAccount(em: EntityManager, schemaName: string): Promise<void> {
  assertAccountSchemaName(schemaName);
  await queueKeys(em, await em.execute<{ storage_key: string }[]>(`select storage_key from ${quoteIdent(schemaName)}.file`), schemaName);
}
