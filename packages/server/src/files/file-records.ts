import { badUserInput } from '../errors/errors.js';
import { can } from '../policies/account-rights.js';
import type { AccountScope } from '../request/account-scope.js';

/** The records a file may be attached to, and how the `file` table names them. */
export const fileRecordKinds = [
  { field: 'personId', table: 'person', column: 'person_id' },
  { field: 'companyId', table: 'company', column: 'company_id' },
  { field: 'dealId', table: 'deal', column: 'deal_id' },
  { field: 'noteId', table: 'note', column: 'note_id' },
] as const;

export type FileRecordKind = (typeof fileRecordKinds)[number];

export interface FileRecordIds {
  personId?: string | null;
  companyId?: string | null;
  dealId?: string | null;
  noteId?: string | null;
}

/** One record a file belongs to. */
export interface FileRecord {
  kind: FileRecordKind;
  id: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Exactly one of personId, companyId, dealId and noteId, as a UUID. */
export function fileRecordOf(ids: FileRecordIds): FileRecord {
  const given = fileRecordKinds.filter((kind) => ids[kind.field] !== undefined && ids[kind.field] !== null);
  if (given.length !== 1) throw badUserInput(given[1]?.field ?? 'personId', 'Give exactly one of personId, companyId, dealId and noteId.');
  const kind = given[0]!;
  const id = ids[kind.field]!;
  if (!uuid.test(id)) throw badUserInput(kind.field, `There is no ${kind.table} with this ID in this account.`);
  return { kind, id: id.toLowerCase() };
}

/**
 * Files follow their record's rights: a file of a confidential note exists
 * only for roles that may read confidential notes. The SQL condition on a
 * `file f` row for this caller.
 */
export async function visibleFilesCondition(scope: AccountScope): Promise<string> {
  if (can(await scope.role(), 'notes.readConfidential')) return 'true';
  return 'not exists (select 1 from note n where n.id = f.note_id and n.confidential)';
}

/** Whether the record is in this account and visible to the caller (a confidential note is not, without the right). */
export async function recordVisible(scope: AccountScope, record: FileRecord): Promise<boolean> {
  const hidden = record.kind.table === 'note' && !can(await scope.role(), 'notes.readConfidential') ? ' and not confidential' : '';
  const rows = await scope.query(`select 1 from ${record.kind.table} where id = ?::uuid${hidden}`, [record.id]);
  return rows.length > 0;
}
