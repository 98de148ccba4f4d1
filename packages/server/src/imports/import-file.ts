import type { Orm } from '../db/orm.js';
import { quoteIdent } from '../db/sql.js';
import type { AccountScope } from '../request/account-scope.js';

/**
 * An uploaded file lives in the account's `import_chunk` table, in chunks of
 * `chunkBytes`, so every process can read it and a restart loses nothing.
 * It is read back a few chunks at a time (bounded memory), on the look-up
 * pool, each query on its own, outside any account transaction.
 */
export const chunkBytes = 256 * 1024;

/** Passes `source` through while storing it in the request's transaction; stops with `tooLarge()` past `limitBytes`. */
export async function* storeWhileReading(
  scope: AccountScope,
  importId: string,
  source: AsyncIterable<Buffer>,
  limitBytes: number,
  tooLarge: () => Error,
  stored: { bytes: number },
): AsyncIterable<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await scope.query(`insert into import_chunk (import_id, seq, data) values (?, ?, ?)`, [importId, seq++, data]);
  };
  for await (const chunk of source) {
    stored.bytes += chunk.length;
    if (stored.bytes > limitBytes) throw tooLarge();
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= chunkBytes) await flush();
    yield chunk;
  }
  await flush();
}

type ChunkQuery = (sql: string, params: unknown[]) => Promise<{ data: Buffer }[]>;

/** The stored file, chunk by chunk, through the request's transaction (a preview). */
export function readStoredFileInScope(scope: AccountScope, importId: string): AsyncIterable<Buffer> {
  return readChunks((sql, params) => scope.query<{ data: Buffer }>(sql, params), 'import_chunk', importId);
}

/** The stored file, chunk by chunk, each query on its own (the job, which commits batches meanwhile). */
export function readStoredFile(orm: Orm, schemaName: string, importId: string): AsyncIterable<Buffer> {
  return readChunks((sql, params) => orm.em.fork().execute<{ data: Buffer }[]>(sql, params), `${quoteIdent(schemaName)}.import_chunk`, importId);
}

async function* readChunks(query: ChunkQuery, table: string, importId: string): AsyncIterable<Buffer> {
  for (let seq = 0; ; seq += 4) {
    const rows = await query(`select data from ${table} where import_id = ? and seq >= ? and seq < ? order by seq`, [importId, seq, seq + 4]);
    for (const row of rows) yield row.data;
    if (rows.length < 4) return;
  }
}
