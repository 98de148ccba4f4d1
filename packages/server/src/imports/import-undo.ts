import { ErrorCode, KontorError } from '../errors/errors.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { queueFilesOfRecords } from '../files/file-deletion-queue.js';
import { findImportRun } from './import.service.js';
import { undoDays } from './import-retention.js';
import { quoteIdent } from '../db/sql.js';
import { customFieldsOf } from '../customfields/custom-field-definitions.js';
import { CustomFieldRecordType } from '../customfields/custom-field.types.js';
import { ImportStatus, ImportUndoResult } from './import.types.js';

/**
 * Undoes an import within `undoDays` of its end, in the request's
 * transaction: deletes the people, companies and tags it created and
 * restores the records it updated to how they were before it — except
 * records changed since (their `updated_at` is after the import wrote them),
 * and created companies and tags that other records use now: those are kept
 * and listed, never silently overwritten or taken away.
 */
export async function undoImport(work: UnitOfWork, id: string): Promise<ImportUndoResult> {
  const run = await findImportRun(work, id);
  if (!run) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such import in this account.');
  if (run.status !== ImportStatus.DONE && run.status !== ImportStatus.STOPPED) throw new KontorError(ErrorCode.CONFLICT, 'Only a finished import can be undone, once.');
  if (!run.undoableUntil || run.undoableUntil.getTime() < Date.now()) throw new KontorError(ErrorCode.CONFLICT, `An import can be undone for ${undoDays} days after it finished.`);
  const { scope } = work;
  const [locked] = await scope.query<{ status: string }>(`select status from import_run where id = ? for update`, [id]);
  if (locked?.status !== run.status) throw new KontorError(ErrorCode.CONFLICT, 'This import is being undone already.');
  const changes = (type: string, action: string) => `select record_id, before, changed_at from import_change where import_id = ?::uuid and record_type = '${type}' and action = '${action}'`;

  // Nothing here grows with the import in memory: every step is one statement over `import_change`, answering counts.
  const count = async (statement: string, params: unknown[]) => (await scope.query<{ n: number }>(`with done as (${statement} returning 1) select count(*)::int as n from done`, params))[0]!.n;
  // The files of records that may go are queued first (those of records kept are left alone by the sweep: file-deletion-queue.ts).
  const created = (type: string) => ({ sql: `select record_id from import_change where import_id = ?::uuid and record_type = '${type}' and action = 'CREATED'`, params: [id] });
  const em = await work.accountEm();
  await queueFilesOfRecords(em, 'person', created('PERSON'));
  const deletedPeople = await count(`delete from person p using (${changes('PERSON', 'CREATED')}) c where p.id = c.record_id and p.updated_at <= c.changed_at`, [id]);
  // Tags the import added to the records it updated go again (the rest of their tags stay): those about to be restored.
  for (const owner of ['person', 'company'] as const) {
    await scope.query(
      `delete from ${owner}_tag x using (${changes(owner === 'person' ? 'PERSON' : 'COMPANY', 'UPDATED')}) c, ${owner} r
        where x.${owner}_id = c.record_id and r.id = c.record_id and r.updated_at <= c.changed_at
          and not jsonb_exists(c.before -> 'tag_ids', x.tag_id::text)`,
      [id],
    );
  }
  // Custom values the import wrote go back too (the columns of today's fields, and the search text made of them).
  const custom = async (recordType: CustomFieldRecordType) => {
    const columns = [...(await customFieldsOf(scope, recordType)).map((field) => quoteIdent(field.columnName)), 'custom_text'];
    return { columns: `, ${columns.join(', ')}`, values: `, ${columns.map((column) => `r.${column}`).join(', ')}` };
  };
  const personCustom = await custom(CustomFieldRecordType.PERSON);
  const companyCustom = await custom(CustomFieldRecordType.COMPANY);
  // Restored records get this transaction's now() as updated_at: how the kept ones are told from them below.
  const restoredPeople = await count(
    `update person p set (first_name, last_name, emails, phones, position, company_id, birthday, street, postal_code, city, country${personCustom.columns}, updated_at) =
       (r.first_name, r.last_name, r.emails, r.phones, r.position, r.company_id, r.birthday, r.street, r.postal_code, r.city, r.country${personCustom.values}, now())
       from (${changes('PERSON', 'UPDATED')}) c cross join lateral jsonb_populate_record(null::person, c.before) r
      where p.id = c.record_id and p.updated_at <= c.changed_at`,
    [id],
  );
  const restoredCompanies = await count(
    `update company t set (name, website, emails, phones, street, postal_code, city, country${companyCustom.columns}, updated_at) =
       (r.name, r.website, r.emails, r.phones, r.street, r.postal_code, r.city, r.country${companyCustom.values}, now())
       from (${changes('COMPANY', 'UPDATED')}) c cross join lateral jsonb_populate_record(null::company, c.before) r
      where t.id = c.record_id and t.updated_at <= c.changed_at`,
    [id],
  );
  await queueFilesOfRecords(em, 'company', created('COMPANY'));
  const deletedCompanies = await count(
    `delete from company t using (${changes('COMPANY', 'CREATED')}) c where t.id = c.record_id and t.updated_at <= c.changed_at
        and not exists (select 1 from person p where p.company_id = t.id) and not exists (select 1 from deal d where d.company_id = t.id)`,
    [id],
  );
  await scope.query(
    `delete from tag t using (${changes('TAG', 'CREATED')}) c where t.id = c.record_id
        and not exists (select 1 from person_tag x where x.tag_id = t.id) and not exists (select 1 from company_tag x where x.tag_id = t.id)
        and not exists (select 1 from deal_tag x where x.tag_id = t.id)`,
    [id],
  );
  // Kept: records of the import that still exist and were neither deleted nor restored (restored ones carry now()).
  const kept = await scope.query<{ id: string }>(
    `select distinct c.record_id as id from import_change c
      where c.import_id = ?::uuid and c.record_type in ('PERSON', 'COMPANY')
        and (exists (select 1 from person p where p.id = c.record_id and p.updated_at is distinct from now())
          or exists (select 1 from company t where t.id = c.record_id and t.updated_at is distinct from now()))`,
    [id],
  );
  await scope.query(`update import_run set status = 'UNDONE', undone_at = now() where id = ?`, [id]);
  return Object.assign(new ImportUndoResult(), {
    run: (await findImportRun(work, id))!,
    deleted: deletedPeople + deletedCompanies,
    restored: restoredPeople + restoredCompanies,
    keptChanged: kept.map((row) => row.id),
  });
}
