import { badUserInput } from '../errors/errors.js';
import { quoteIdent } from '../db/sql.js';
import type { AccountScope } from '../request/account-scope.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { customFieldsOf, customTextExpression, recordTables } from './custom-field-definitions.js';
import { kinds, readExpression, valueAsJson, valueFromColumn, valueFromInput } from './custom-field-kinds.js';
import type { CustomField, CustomFieldRecordType, CustomFieldValueInput } from './custom-field.types.js';
import type { CustomFieldValue } from './custom-field-value.types.js';

const maxValuesPerRequest = 100;

/**
 * Writes a record's custom values (create and update inputs), after its own
 * columns were flushed, in the same transaction; keeps `custom_text` (search)
 * true. Returns the names of the fields whose value changed, for the
 * timeline and webhooks.
 */
export async function writeCustomValues(work: UnitOfWork, recordType: CustomFieldRecordType, recordId: string, inputs: CustomFieldValueInput[] | null | undefined): Promise<string[]> {
  if (!inputs || inputs.length === 0) return [];
  if (inputs.length > maxValuesPerRequest) throw badUserInput('customFields', `At most ${maxValuesPerRequest} custom values at once.`);
  const fields = await customFieldsOf(work.scope, recordType);
  const byId = new Map(fields.map((field) => [field.id, field]));
  const seen = new Set<string>();
  const writes = inputs.map((input, i) => {
    const field = byId.get(input.fieldId);
    if (!field) throw badUserInput(`customFields.${i}.fieldId`, 'There is no such custom field for this kind of record.');
    if (seen.has(field.id)) throw badUserInput(`customFields.${i}.fieldId`, `"${field.name}" is given twice.`);
    seen.add(field.id);
    return { field, value: valueFromInput(field, input, `customFields.${i}`) };
  });
  const table = recordTables[recordType];
  const typed = (i: number) => `?::${kinds[writes[i]!.field.type].column}`;
  const column = (field: CustomField) => quoteIdent(field.columnName);
  const [differences] = await work.scope.query<Record<string, boolean>>(
    `select ${writes.map((write, i) => `t.${column(write.field)} is distinct from ${typed(i)} as c${i}`).join(', ')} from ${table} t where t.id = ?::uuid`,
    [...writes.map((write) => write.value), recordId],
  );
  const changed = writes.filter((_, i) => differences?.[`c${i}`]);
  if (changed.length === 0) return [];
  await work.scope.query(
    `update ${table} set ${changed.map((write) => `${column(write.field)} = ?::${kinds[write.field.type].column}`).join(', ')}, updated_at = now() where id = ?::uuid`,
    [...changed.map((write) => write.value), recordId],
  );
  if (changed.some((write) => kinds[write.field.type].searched)) {
    await work.scope.query(`update ${table} t set custom_text = ${customTextExpression(fields)} where t.id = ?::uuid`, [recordId]);
  }
  return changed.map((write) => write.field.name);
}

/** The set custom values of records of one type, by record ID, in the fields' order: one query for all of them. */
export async function customValuesOf(scope: AccountScope, recordType: CustomFieldRecordType, ids: readonly string[]): Promise<CustomFieldValue[][]> {
  const fields = await customFieldsOf(scope, recordType);
  if (fields.length === 0) return ids.map(() => []);
  const rows = await scope.query(
    `select t.id, ${fields.map((field, i) => `${readExpression(field)} as v${i}`).join(', ')} from ${recordTables[recordType]} t where t.id = any(?::uuid[])`,
    [`{${ids.join(',')}}`],
  );
  const byRecord = new Map(rows.map((row) => [row.id as string, fields.map((field, i) => valueFromColumn(field, row[`v${i}`])).filter((value) => value !== null)]));
  return ids.map((id) => byRecord.get(id) ?? []);
}

/**
 * A webhook payload with the record's custom values (`record.customFields`:
 * field ID, name, type and a plain JSON value) and, for a change, the names
 * of the custom fields that changed (`changedCustomFields`).
 */
export async function withCustomValues(
  work: UnitOfWork,
  recordType: CustomFieldRecordType,
  recordId: string,
  payload: Record<string, unknown>,
  changedCustomFields?: string[],
): Promise<Record<string, unknown>> {
  const [values] = await customValuesOf(work.scope, recordType, [recordId]);
  return payloadWithCustomValues(payload, values ?? [], changedCustomFields);
}

/** `withCustomValues` for values at hand (a record just created without any has none). */
export function payloadWithCustomValues(payload: Record<string, unknown>, values: CustomFieldValue[], changedCustomFields?: string[]): Record<string, unknown> {
  const customFields = values.map((value) => ({ fieldId: value.field.id, name: value.field.name, type: value.field.type, value: valueAsJson(value) }));
  return {
    ...payload,
    record: { ...(payload.record as object), customFields },
    ...(changedCustomFields && changedCustomFields.length > 0 ? { changedCustomFields } : {}),
  };
}
