import { ErrorCode, KontorError } from '../errors/errors.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { queueFile } from './file-deletion-queue.js';
import { allowDeletes } from '../crm/common/deletion.js';
import { checkFileName } from './file-name.js';
import { recordVisible, visibleFilesCondition, type FileRecord } from './file-records.js';
import { fileColumns, fileRowOf, type FileRow } from './file-row.js';

/** At most this many files of one record are listed (the newest). */
export const filesPerRecordListed = 100;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The files of a record, newest first; none for a record that is not in this account or not visible to the caller. */
export async function listFiles(work: UnitOfWork, record: FileRecord): Promise<FileRow[]> {
  const visible = await visibleFilesCondition(work.scope);
  const rows = await work.scope.query(
    `select ${fileColumns} from file f where f.${record.kind.column} = ?::uuid and ${visible} order by f.created_at desc, f.id desc limit ${filesPerRecordListed}`,
    [record.id],
  );
  return rows.map(fileRowOf);
}

/** How many files each note has (by note ID; a note the caller may read shows its files, so no further condition). */
export async function countFilesOfNotes(work: UnitOfWork, noteIds: readonly string[]): Promise<number[]> {
  const rows = await work.scope.query<{ note_id: string; files: number }>(
    `select note_id, count(*)::int as files from file where note_id = any(?::uuid[]) group by note_id`,
    [`{${noteIds.join(',')}}`],
  );
  const counts = new Map(rows.map((row) => [row.note_id, row.files]));
  return noteIds.map((id) => counts.get(id) ?? 0);
}

/** One file of this account the caller may see, or null (another account's file ID finds nothing). */
export async function fileById(work: UnitOfWork, id: string): Promise<FileRow | null> {
  if (!uuid.test(id)) return null;
  const visible = await visibleFilesCondition(work.scope);
  const [row] = await work.scope.query(`select ${fileColumns} from file f where f.id = ?::uuid and ${visible}`, [id]);
  return row ? fileRowOf(row) : null;
}

async function existingFile(work: UnitOfWork, id: string): Promise<FileRow> {
  const file = await fileById(work, id);
  if (!file) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no file with this ID in this account.', { field: 'id' });
  return file;
}

export async function renameFile(work: UnitOfWork, id: string, rawName: string): Promise<FileRow> {
  const name = checkFileName(rawName);
  await existingFile(work, id);
  const [row] = await work.scope.query(`update file as f set name = ? where f.id = ?::uuid returning ${fileColumns}`, [name, id]);
  return fileRowOf(row!);
}

/** Deletes the file's row; its bytes leave the storage with the next sweep (file-deletion-queue.ts). */
export async function deleteFile(work: UnitOfWork, id: string): Promise<string> {
  await existingFile(work, id);
  await allowDeletes(work, 1);
  await queueFile(await work.accountEm(), id);
  await work.scope.query(`delete from file where id = ?::uuid`, [id]);
  return id;
}

/** Records an uploaded file (file-upload.ts), once its bytes are stored; the record must still be there. */
export async function insertFile(work: UnitOfWork, file: { id: string; name: string; size: number; contentType: string; storageKey: string; record: FileRecord }): Promise<FileRow> {
  if (!(await recordVisible(work.scope, file.record))) {
    throw new KontorError(ErrorCode.NOT_FOUND, `There is no ${file.record.kind.table} with this ID in this account.`, { field: file.record.kind.field });
  }
  const [row] = await work.scope.query(
    `insert into file as f (id, name, size, content_type, storage_key, ${file.record.kind.column}, uploaded_by) values (?::uuid, ?, ?, ?, ?, ?::uuid, ?::uuid)
     returning ${fileColumns}`,
    [file.id, file.name, file.size, file.contentType, file.storageKey, file.record.id, work.userId],
  );
  return fileRowOf(row!);
}
