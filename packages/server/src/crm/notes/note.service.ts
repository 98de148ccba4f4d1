import type { PageSelection } from '../common/selection.js';
import { auditDeleted } from '../../audit/audit-trail.js';
import { ErrorCode, KontorError } from '../../errors/errors.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { can } from '../../policies/account-rights.js';
import { ActivityKind, recordActivity } from '../activity/activity.js';
import { queueFilesOfRecords } from '../../files/file-deletion-queue.js';
import { allowDeletes } from '../common/deletion.js';
import { pgArray } from '../common/loaders.js';
import { rowMapper } from '../common/row-mapper.js';
import { listPage, Where, type SortOrder } from '../common/sql-list.js';
import { checkSubject, filterBySubject, subjectOf } from '../common/subject.js';
import { containsPattern } from '../common/text-query.js';
import { isUuid, requiredText } from '../common/validation.js';
import { Note } from './note.entity.js';
import { NoteOrder, type CreateNoteInput, type NoteFilter, type UpdateNoteInput } from './note.types.js';

const created: SortOrder['keys'] = [{ sql: 't.created_at', type: 'timestamptz' }, { sql: 't.id', type: 'uuid' }];
const orders: Record<NoteOrder, SortOrder> = {
  [NoteOrder.CREATED_AT_DESC]: { direction: 'desc', keys: created },
  [NoteOrder.CREATED_AT_ASC]: { direction: 'asc', keys: created },
};

const readsConfidential = async (work: UnitOfWork) => can(await work.scope.role(), 'notes.readConfidential');

/** Confidential notes do not exist for a role that may not read them: not in lists, not by ID, not to change. */
export async function visibleNotes(work: UnitOfWork): Promise<Where> {
  const where = new Where();
  if (!(await readsConfidential(work))) where.add('not t.confidential');
  return where;
}

async function assertMayWriteConfidential(work: UnitOfWork): Promise<void> {
  if (await readsConfidential(work)) return;
  throw new KontorError(
    ErrorCode.FORBIDDEN,
    `Your role (${await work.scope.role()}) does not have the right "notes.readConfidential" needed for confidential notes.`,
    { right: 'notes.readConfidential' },
  );
}

export async function listNotes(work: UnitOfWork, args: { first?: number; after?: string; filter?: NoteFilter; orderBy?: NoteOrder; selection?: PageSelection }) {
  const where = await visibleNotes(work);
  const f = args.filter ?? {};
  if (f.text?.trim()) where.add(`t.body ilike ?`, containsPattern(f.text.trim()));
  filterBySubject(where, f);
  return listPage(work.scope, {
    table: 'note',
    where,
    order: orders[args.orderBy ?? NoteOrder.CREATED_AT_DESC],
    first: args.first,
    after: args.after,
    toNode: rowMapper(work.metadata, Note),
    selection: args.selection,
  });
}

export async function findNote(work: UnitOfWork, noteId: string): Promise<Note | null> {
  const em = await work.accountEm();
  if (!isUuid(noteId)) return null;
  const note = await em.findOne(Note, noteId);
  return note && (!note.confidential || (await readsConfidential(work))) ? note : null;
}

export async function createNote(work: UnitOfWork, input: CreateNoteInput): Promise<Note> {
  const em = await work.accountEm();
  if (input.confidential) await assertMayWriteConfidential(work);
  const body = requiredText(input.body, 'body', 20000);
  const subject = await checkSubject(work, input, { required: true });
  const note = em.create(Note, { body, confidential: input.confidential ?? false, ...subject, createdBy: work.userId });
  await em.flush();
  const on = subjectOf(note)!;
  await recordActivity(work, on.type, on.id, ActivityKind.NOTE_ADDED, { noteId: note.id, confidential: note.confidential });
  return note;
}

export async function updateNote(work: UnitOfWork, noteId: string, input: UpdateNoteInput): Promise<Note> {
  const em = await work.accountEm();
  if (input.confidential) await assertMayWriteConfidential(work);
  const note = await findNote(work, noteId);
  if (!note) throw notFound();
  const body = input.body !== undefined && input.body !== null ? requiredText(input.body, 'body', 20000) : note.body;
  note.body = body;
  if (input.confidential !== undefined && input.confidential !== null) note.confidential = input.confidential;
  await em.flush();
  return note;
}

export async function deleteNotes(work: UnitOfWork, ids: string[]): Promise<string[]> {
  const em = await work.accountEm();
  const existing = ids.filter(isUuid);
  if (existing.length === 0) return [];
  const where = (await visibleNotes(work)).add('t.id = any(?::uuid[])', pgArray(existing));
  const visible = await em.execute<{ id: string }[]>(`select t.id from note t where ${where.sql()}`, where.params);
  await allowDeletes(work, await queueFilesOfRecords(em, 'note', visible.map((row) => row.id)));
  const rows = await em.execute<{ id: string }[]>(`delete from note t where ${where.sql()} returning t.id`, where.params);
  await auditDeleted(work, em, 'NOTE', rows.map((row) => row.id));
  return rows.map((row) => row.id);
}

export const notFound = () => new KontorError(ErrorCode.NOT_FOUND, 'There is no such note in this account.');
