import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { AuditAction } from '../audit/audit-action.js';
import { audit } from '../audit/audit-trail.js';
import type { JobSender } from '../jobs/job-sender.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { isUuid } from '../crm/common/validation.js';
import { planOf } from '../crm/common/contact-limit.js';
import { openCsv } from './csv-file.js';
import { readStoredFileInScope } from './import-file.js';
import { fieldsOf, repeatableFields, suggestMapping, type ImportField, type ImportKind } from './import-fields.js';
import { BatchLookups, lower } from './import-lookups.js';
import { blocking, buildRow, ImportProblem } from './import-row.js';
import { DuplicateMode } from './import-writer.js';
import { customImportColumns } from '../customfields/custom-field-import.js';
import { recordTypeOfImport } from './import-fields.js';
import { ImportPreviewRow, ImportRowAction, ImportRun, ImportStatus, type StartImportInput } from './import.types.js';
import { undoDays } from './import-retention.js';


export async function findImportRun(work: UnitOfWork, id: string): Promise<ImportRun | null> {
  if (!isUuid(id)) return null;
  const [row] = await work.scope.query(`select * from import_run where id = ?`, [id]);
  return row ? importRunOf(row, await contactLimitIf(work, row)) : null;
}

export async function listImportRuns(work: UnitOfWork, first: number): Promise<ImportRun[]> {
  const rows = await work.scope.query(`select * from import_run where status <> 'UPLOADING' order by created_at desc, id limit ?`, [Math.min(Math.max(first, 1), 50)]);
  return Promise.all(rows.map(async (row) => importRunOf(row, await contactLimitIf(work, row))));
}

async function contactLimitIf(work: UnitOfWork, row: Record<string, unknown>): Promise<number | null> {
  return row.stop_reason === 'CONTACT_LIMIT' ? (await planOf(work)).maxContacts : null;
}

async function requireRun(work: UnitOfWork, id: string): Promise<ImportRun> {
  const run = await findImportRun(work, id);
  if (!run || run.status === ('UPLOADING' as ImportStatus)) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such import in this account.');
  return run;
}

function checkMapping(kind: ImportKind, headers: string[], mapping: (ImportField | null)[]): void {
  if (mapping.length !== headers.length) throw badUserInput('mapping', `The mapping must name a field (or null) for each of the ${headers.length} columns.`);
  const seen = new Set<ImportField>();
  for (const field of mapping) {
    if (field === null) continue;
    if (!fieldsOf[kind].includes(field)) throw badUserInput('mapping', `${field} is not a field of this kind of import.`);
    if (seen.has(field) && !repeatableFields.has(field)) throw badUserInput('mapping', `${field} may be chosen for one column only.`);
    seen.add(field);
  }
}

/** The first `first` rows as they will be stored, each with its problems and what will happen to it. */
export async function previewImport(work: UnitOfWork, id: string, mapping: (ImportField | null)[], duplicates: DuplicateMode, first: number): Promise<ImportPreviewRow[]> {
  const run = await requireRun(work, id);
  checkMapping(run.kind, run.headers, mapping);
  const { records } = await openCsv(readStoredFileInScope(work.scope, id), { encoding: run.encoding!, delimiter: run.delimiter! });
  const rows: { rowNumber: number; record: string[] }[] = [];
  let rowNumber = 0;
  for await (const record of records) {
    rowNumber++;
    if (rowNumber === 1) continue;
    rows.push({ rowNumber, record });
    if (rows.length >= Math.min(Math.max(first, 1), 50)) break;
  }
  const built = rows.map((row) => ({ row, ...buildRow(run.kind, mapping, row.record) }));
  const lookups = await BatchLookups.load(work.scope, run.kind, built.map((entry) => entry.draft));
  return built.map(({ row, draft, issues }) => {
    const all = [...issues];
    const fails = issues.some((issue) => blocking(issue.problem));
    const duplicate = fails ? null : lookups.duplicateOf(run.kind, draft);
    if (duplicate) all.push({ problem: ImportProblem.DUPLICATE, value: duplicate.by });
    if (!fails && draft.companyName && !lookups.companyByName.has(lower(draft.companyName))) all.push({ problem: ImportProblem.COMPANY_WILL_BE_CREATED, value: draft.companyName });
    const action = fails
      ? ImportRowAction.FAIL
      : !duplicate || duplicates === DuplicateMode.CREATE
        ? ImportRowAction.CREATE
        : duplicates === DuplicateMode.UPDATE
          ? ImportRowAction.UPDATE
          : ImportRowAction.SKIP;
    return Object.assign(new ImportPreviewRow(), {
      rowNumber: row.rowNumber,
      action,
      ...draft,
      company: draft.companyName,
      issues: all.map((issue) => ({ ...issue, blocking: blocking(issue.problem) })),
    });
  });
}

/** Fixes the mapping and queues the import's job. */
export async function startImport(work: UnitOfWork, jobs: JobSender, id: string, input: StartImportInput): Promise<ImportRun> {
  const run = await requireRun(work, id);
  if (run.status !== ImportStatus.UPLOADED) throw new KontorError(ErrorCode.CONFLICT, 'This import has been started already.');
  checkMapping(run.kind, run.headers, input.mapping);
  const custom = await customImportColumns(work.scope, recordTypeOfImport(run.kind), run.headers.length, input.mapping, input.customFields);
  await work.scope.query(`update import_run set status = 'QUEUED', mapping = ?::jsonb, custom_mapping = ?::jsonb, duplicates = ? where id = ? and status = 'UPLOADED'`, [
    JSON.stringify(input.mapping),
    custom.length > 0 ? JSON.stringify(custom.map((field) => field?.id ?? null)) : null,
    input.duplicates,
    id,
  ]);
  await audit(work, await work.accountEm(), {
    action: AuditAction.IMPORT_STARTED,
    target: { type: 'IMPORT', id, label: run.fileName },
    changes: { kind: run.kind, rows: run.rowsTotal, duplicates: input.duplicates },
  });
  // Sent before the transaction commits: the job waits for it (ImportNotQueuedYet) rather than a commit that fails leaving a queued import no job will run.
  await jobs.sendImport({ accountId: work.scope.accountId, importId: id });
  return (await findImportRun(work, id))!;
}

export function importRunOf(row: Record<string, unknown>, contactLimit: number | null): ImportRun {
  const date = (value: unknown) => (value ? new Date(value as string) : null);
  const headers = (row.headers as string[]) ?? [];
  const startedAt = date(row.started_at);
  const finishedAt = date(row.finished_at);
  const done = Number(row.rows_done);
  const total = Number(row.rows_total);
  let secondsLeft: number | null = null;
  if (row.status === 'RUNNING' && startedAt && done > 0) {
    const elapsed = (Date.now() - startedAt.getTime()) / 1000;
    secondsLeft = Math.max(0, Math.round(((total - done) * elapsed) / done));
  }
  return Object.assign(new ImportRun(), {
    id: row.id,
    kind: row.kind,
    fileName: row.file_name,
    format: row.format,
    encoding: row.encoding ?? null,
    delimiter: row.delimiter ?? null,
    headers,
    fields: fieldsOf[row.kind as ImportKind],
    suggestedMapping: suggestMapping(row.kind as ImportKind, headers),
    mapping: (row.mapping as (ImportField | null)[] | null) ?? null,
    customFieldMapping: (row.custom_mapping as (string | null)[] | null) ?? null,
    duplicates: (row.duplicates as DuplicateMode | null) ?? null,
    status: row.status,
    rowsTotal: total,
    rowsDone: done,
    rowsCreated: Number(row.rows_created),
    rowsUpdated: Number(row.rows_updated),
    rowsSkipped: Number(row.rows_skipped),
    rowsFailed: Number(row.rows_failed),
    stopReason: row.stop_reason ?? null,
    contactLimit,
    secondsLeft,
    createdAt: date(row.created_at)!,
    startedAt,
    finishedAt,
    undoneAt: date(row.undone_at),
    undoableUntil: finishedAt && !row.undone_at ? new Date(finishedAt.getTime() + undoDays * 86_400_000) : null,
    failuresPath: `/imports/${row.id}/failures.csv`,
  });
}
