import { randomUUID } from 'node:crypto';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { validateName } from '../graphql/text-input.js';
import { quoteIdent } from '../db/sql.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { isUuid, optionalText } from '../crm/common/validation.js';
import { customFieldById, customFieldsOf, customTextExpression, recordTables } from './custom-field-definitions.js';
import { isChoiceType, kinds } from './custom-field-kinds.js';
import { addCustomColumn, conversion, dropUnlessNamedAfterwards, dropUnusedColumns, newColumnName } from './custom-columns.js';
import {
  CustomFieldType,
  type CustomFieldRecordType,
  type CreateCustomFieldInput,
  type CustomField,
  type CustomFieldChoice,
  type CustomFieldChoiceInput,
  type UpdateCustomFieldInput,
} from './custom-field.types.js';

/** The most custom fields one record type of an account may have (README, "Custom fields"). */
export const maxCustomFieldsPerRecordType = 100;
const maxChoices = 100;

export async function createCustomField(work: UnitOfWork, input: CreateCustomFieldInput): Promise<CustomField> {
  const { scope } = work;
  const table = recordTables[input.recordType];
  // One definer at a time per account: the count and the name check hold until the commit.
  await scope.query('lock table custom_field in exclusive mode');
  await dropUnusedColumns(work);
  const existing = await customFieldsOf(scope, input.recordType);
  if (existing.length >= maxCustomFieldsPerRecordType) {
    throw new KontorError(ErrorCode.CUSTOM_FIELD_LIMIT_REACHED, `A record type has at most ${maxCustomFieldsPerRecordType} custom fields.`, {
      limit: maxCustomFieldsPerRecordType,
    });
  }
  const name = validateName(input.name, 'name', 'The name', 100);
  assertNameFree(existing, name);
  const id = randomUUID();
  const field: CustomField = {
    id,
    recordType: input.recordType,
    name,
    description: optionalText(input.description, 'description', 1_000),
    type: input.type,
    position: existing.length,
    showInList: input.showInList ?? false,
    currency: currencyFor(input.type, input.currency),
    choices: choicesFor(input.type, input.choices ?? [], []),
    columnName: `cf_${id.replace(/-/g, '').slice(0, 12)}`,
  };
  // The column first, committed on its own (custom-columns.ts); the definition that names it commits with the request.
  await addCustomColumn(work, table, field.columnName, kinds[field.type].column);
  await scope.query(
    `insert into custom_field (id, record_type, name, description, type, position, show_in_list, currency, choices, column_name)
     values (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)`,
    [id, table, field.name, field.description, field.type, field.position, field.showInList, field.currency, JSON.stringify(field.choices), field.columnName],
  );
  return field;
}

export async function updateCustomField(work: UnitOfWork, id: string, input: UpdateCustomFieldInput): Promise<CustomField> {
  const { scope } = work;
  // A new type may move the values to a new column: then no writer that read the definitions may still be running,
  // or start before this commits, or it would write the old column (changeType).
  await scope.query(`lock table custom_field in ${input.type ? 'access exclusive' : 'exclusive'} mode`);
  await dropUnusedColumns(work);
  const field = isUuid(id) ? await customFieldById(scope, id) : null;
  if (!field) throw notFound();
  const table = recordTables[field.recordType];
  const siblings = await customFieldsOf(scope, field.recordType);
  const next: CustomField = { ...field };
  if (input.name !== undefined) {
    next.name = validateName(input.name, 'name', 'The name', 100);
    assertNameFree(siblings.filter((other) => other.id !== id), next.name);
  }
  if (input.description !== undefined) next.description = optionalText(input.description, 'description', 1_000);
  if (input.showInList !== undefined && input.showInList !== null) next.showInList = input.showInList;
  if (input.type !== undefined && input.type !== null) next.type = input.type;
  if (input.currency !== undefined || next.type !== field.type) next.currency = currencyFor(next.type, input.currency === undefined ? field.currency : input.currency);
  if (input.choices !== undefined && input.choices !== null) next.choices = choicesFor(next.type, input.choices, field.choices);
  else if (!isChoiceType(next.type)) next.choices = [];

  if (next.type !== field.type) await changeType(work, table, field, next);
  const removed = field.choices.filter((choice) => !next.choices.some((kept) => kept.id === choice.id)).map((choice) => choice.id);
  if (removed.length > 0 && isChoiceType(field.type) && next.type === field.type) await removeChoiceValues(work, table, next, removed);

  await scope.query(
    `update custom_field set name = ?, description = ?, type = ?, show_in_list = ?, currency = ?, choices = ?::jsonb, column_name = ? where id = ?::uuid`,
    [next.name, next.description, next.type, next.showInList, next.currency, JSON.stringify(next.choices), next.columnName, id],
  );
  if (input.position !== undefined && input.position !== null) next.position = await moveField(work, siblings, id, input.position);
  if (kinds[next.type].searched !== kinds[field.type].searched) await rewriteCustomText(work, field.recordType);
  return next;
}

/** Drops the field's column with every value in it. Returns the ID. */
export async function deleteCustomField(work: UnitOfWork, id: string): Promise<string> {
  const { scope } = work;
  await scope.query('lock table custom_field in exclusive mode');
  await dropUnusedColumns(work);
  const field = isUuid(id) ? await customFieldById(scope, id) : null;
  if (!field) throw notFound();
  const table = recordTables[field.recordType];
  await scope.query('delete from custom_field where id = ?::uuid', [id]);
  await scope.query('update custom_field set position = position - 1 where record_type = ? and position > ?', [table, field.position]);
  // The column goes once the deletion is committed (custom-columns.ts).
  dropUnlessNamedAfterwards(work, table, field.columnName);
  if (kinds[field.type].searched) await rewriteCustomText(work, field.recordType);
  return id;
}

/**
 * Refused unless every stored value converts (CUSTOM_FIELD_TYPE_NOT_CONVERTIBLE
 * with how many do not). A new column type means a new column: added (and
 * committed) before the request's transaction reads the table, filled with
 * the converted values, named by the definition from now on; the old one is
 * dropped after the commit (custom-columns.ts). Sets `next.columnName`.
 */
async function changeType(work: UnitOfWork, table: string, field: CustomField, next: CustomField): Promise<void> {
  const from = kinds[field.type];
  const to = kinds[next.type];
  if (from.column !== to.column) {
    next.columnName = newColumnName();
    await addCustomColumn(work, table, next.columnName, to.column);
  }
  const column = quoteIdent(field.columnName);
  const stored = await work.scope.query<{ value: string | string[] }>(
    `select ${from.column === 'uuid[]' ? `${column}::text[]` : `${column}::text`} as value from ${table} where ${column} is not null`,
  );
  const converts = (value: string | string[]): boolean => {
    if (field.type === CustomFieldType.SINGLE_CHOICE && next.type === CustomFieldType.MULTIPLE_CHOICE) return true;
    if (field.type === CustomFieldType.MULTIPLE_CHOICE && next.type === CustomFieldType.SINGLE_CHOICE) return (value as string[]).length <= 1;
    if (isChoiceType(field.type) || isChoiceType(next.type)) return false;
    return to.accepts(value as string);
  };
  const failing = stored.filter((row) => !converts(row.value)).length;
  if (failing > 0) {
    throw new KontorError(
      ErrorCode.CUSTOM_FIELD_TYPE_NOT_CONVERTIBLE,
      `${failing} value${failing === 1 ? '' : 's'} of "${field.name}" cannot become ${next.type}: change or clear them first.`,
      { field: 'type', count: failing },
    );
  }
  if (from.column === to.column) return;
  await work.scope.query(
    `update ${table} t set ${quoteIdent(next.columnName)} = ${conversion(field.columnName, from.column, to.column)} where t.${column} is not null`,
  );
  dropUnlessNamedAfterwards(work, table, field.columnName);
}

/** Values that chose a removed option lose it (a multiple choice keeps its other options). */
async function removeChoiceValues(work: UnitOfWork, table: string, field: CustomField, removed: string[]): Promise<void> {
  const column = quoteIdent(field.columnName);
  const ids = `{${removed.join(',')}}`;
  if (field.type === CustomFieldType.SINGLE_CHOICE) {
    await work.scope.query(`update ${table} set ${column} = null where ${column} = any(?::uuid[])`, [ids]);
  } else {
    await work.scope.query(
      `update ${table} t set ${column} = (select nullif(array_agg(c order by n), '{}') from unnest(t.${column}) with ordinality u(c, n) where c <> all(?::uuid[]))
       where t.${column} && ?::uuid[]`,
      [ids, ids],
    );
  }
}

/** Puts the field at `position` (clamped) among its siblings, renumbering them from 0. */
async function moveField(work: UnitOfWork, siblings: CustomField[], id: string, position: number): Promise<number> {
  const order = siblings.map((field) => field.id).filter((other) => other !== id);
  const place = Math.max(0, Math.min(order.length, Math.trunc(position)));
  order.splice(place, 0, id);
  await work.scope.query(`update custom_field f set position = o.n - 1 from unnest(?::uuid[]) with ordinality o(id, n) where f.id = o.id`, [`{${order.join(',')}}`]);
  return place;
}

/** Every record's `custom_text` again, after the set of text-like fields changed. */
async function rewriteCustomText(work: UnitOfWork, recordType: CustomFieldRecordType): Promise<void> {
  const text = customTextExpression(await customFieldsOf(work.scope, recordType));
  await work.scope.query(`update ${recordTables[recordType]} t set custom_text = ${text} where custom_text is distinct from ${text}`);
}

function assertNameFree(fields: CustomField[], name: string): void {
  if (fields.some((field) => field.name.toLowerCase() === name.toLowerCase())) {
    throw new KontorError(ErrorCode.CUSTOM_FIELD_NAME_TAKEN, `There is a field named "${name}" already.`, { field: 'name' });
  }
}

function currencyFor(type: CustomFieldType, currency: string | null | undefined): string | null {
  if (type !== CustomFieldType.MONEY) return null;
  const code = currency?.trim().toUpperCase() ?? '';
  if (!/^[A-Z]{3}$/.test(code)) throw badUserInput('currency', 'A money field needs its currency as a three-letter code such as EUR.');
  return code;
}

/** The options in the given order: known IDs keep theirs, new ones get one; labels unique (case aside). */
function choicesFor(type: CustomFieldType, inputs: CustomFieldChoiceInput[], current: CustomFieldChoice[]): CustomFieldChoice[] {
  if (!isChoiceType(type)) {
    if (inputs.length > 0) throw badUserInput('choices', 'Only choice fields have choices.');
    return [];
  }
  if (inputs.length > maxChoices) throw badUserInput('choices', `A field has at most ${maxChoices} choices.`);
  const seen = new Set<string>();
  return inputs.map((input, i) => {
    const label = validateName(input.label, `choices.${i}.label`, 'A choice', 100);
    if (seen.has(label.toLowerCase())) throw badUserInput(`choices.${i}.label`, `"${label}" is a choice already.`);
    seen.add(label.toLowerCase());
    if (input.id != null && !current.some((choice) => choice.id === input.id)) throw badUserInput(`choices.${i}.id`, 'That is not a choice of this field.');
    return { id: input.id ?? randomUUID(), label };
  });
}

const notFound = () => new KontorError(ErrorCode.NOT_FOUND, 'There is no such custom field in this account.');
