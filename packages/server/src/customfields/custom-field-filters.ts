import { badUserInput } from '../errors/errors.js';
import { quoteIdent } from '../db/sql.js';
import type { AccountScope } from '../request/account-scope.js';
import type { SortOrder, Where } from '../crm/common/sql-list.js';
import { isoDate, isUuid } from '../crm/common/validation.js';
import { customFieldsOf } from './custom-field-definitions.js';
import { kinds, type CustomColumnType } from './custom-field-kinds.js';
import { CustomFieldType, SortDirection, type CustomField, type CustomFieldCondition, type CustomFieldOrder, type CustomFieldRecordType } from './custom-field.types.js';

const maxConditions = 20;

type Member = Exclude<keyof CustomFieldCondition, 'fieldId' | 'isSet'>;

/** Which condition members each column type takes; every one is answered by the column's index (README, "Custom fields"). */
const membersByColumn: Record<CustomColumnType, Member[]> = {
  text: ['text', 'contains'],
  numeric: ['number', 'min', 'max'],
  date: ['date', 'from', 'to'],
  boolean: ['checked'],
  uuid: ['anyOf'],
  'uuid[]': ['anyOf'],
};

const allMembers = [...new Set(Object.values(membersByColumn).flat())];

/**
 * Adds the conditions of a list's `customFields` filter (alias `t`): text
 * equals (case aside) through the b-tree of its lower case, contains through its trigram index,
 * numbers, money and dates by their b-tree, choices by their b-tree (single)
 * or GIN index (multiple), set or empty by the b-tree.
 */
export async function addCustomFieldFilters(scope: AccountScope, where: Where, recordType: CustomFieldRecordType, conditions: CustomFieldCondition[] | null | undefined): Promise<void> {
  if (!conditions || conditions.length === 0) return;
  if (conditions.length > maxConditions) throw badUserInput('filter.customFields', `At most ${maxConditions} custom field conditions.`);
  const fields = new Map((await customFieldsOf(scope, recordType)).map((field) => [field.id, field]));
  conditions.forEach((condition, i) => {
    const path = `filter.customFields.${i}`;
    const field = fields.get(condition.fieldId);
    if (!field) throw badUserInput(`${path}.fieldId`, 'There is no such custom field for this kind of record.');
    addCondition(where, field, condition, path);
  });
}

function addCondition(where: Where, field: CustomField, condition: CustomFieldCondition, path: string): void {
  const column = `t.${quoteIdent(field.columnName)}`;
  const columnType = kinds[field.type].column;
  // Text's b-tree holds its lower case; "set" reads it too.
  const indexed = columnType === 'text' ? `lower(${column})` : column;
  const allowed = membersByColumn[columnType];
  for (const member of allMembers) {
    if (!allowed.includes(member) && condition[member] !== undefined && condition[member] !== null) {
      throw badUserInput(`${path}.${member}`, `"${field.name}" is a ${field.type} field: filter it by ${allowed.join(', ')} or isSet.`);
    }
  }
  if (condition.isSet === true) where.add(`${indexed} is not null`);
  if (condition.isSet === false) where.add(`${indexed} is null`);
  const given = <K extends Member>(member: K): NonNullable<CustomFieldCondition[K]> | undefined => condition[member] ?? undefined;
  const text = given('text');
  if (text !== undefined) where.add(`${indexed} = lower(?)`, text.trim());
  const contains = given('contains');
  if (contains !== undefined) where.add(`${column} ilike ?`, `%${likeLiteral(contains)}%`);
  const number = given('number');
  if (number !== undefined) where.add(`${column} = ?::numeric`, number);
  const min = given('min');
  if (min !== undefined) where.add(`${column} >= ?::numeric`, min);
  const max = given('max');
  if (max !== undefined) where.add(`${column} <= ?::numeric`, max);
  for (const [member, operator] of [['date', '='], ['from', '>='], ['to', '<=']] as const) {
    const date = given(member);
    if (date !== undefined) where.add(`${column} ${operator} ?::date`, isoDate(date, `${path}.${member}`));
  }
  const checked = given('checked');
  if (checked !== undefined) where.add(`${column} = ?::boolean`, checked);
  const anyOf = given('anyOf');
  if (anyOf !== undefined) {
    const ids = `{${anyOf.filter(isUuid).join(',')}}`;
    where.add(field.type === CustomFieldType.MULTIPLE_CHOICE ? `${column} && ?::uuid[]` : `${column} = any(?::uuid[])`, ids);
  }
}

/** `text` as an ILIKE pattern that matches it literally. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The order of a list sorted by a custom field, then by ID; choice fields are not sortable. */
export async function customFieldSortOrder(scope: AccountScope, recordType: CustomFieldRecordType, order: CustomFieldOrder): Promise<SortOrder> {
  const field = (await customFieldsOf(scope, recordType)).find((candidate) => candidate.id === order.fieldId);
  if (!field) throw badUserInput('orderByCustomField.fieldId', 'There is no such custom field for this kind of record.');
  const sortKey = kinds[field.type].sortKey;
  if (!sortKey) throw badUserInput('orderByCustomField.fieldId', `"${field.name}" is a choice field: lists are not sorted by those.`);
  return {
    direction: order.direction === SortDirection.DESC ? 'desc' : 'asc',
    keys: [
      { sql: kinds[field.type].column === 'text' ? `lower(t.${quoteIdent(field.columnName)})` : `t.${quoteIdent(field.columnName)}`, type: sortKey, nullable: true },
      { sql: 't.id', type: 'uuid' },
    ],
  };
}

/**
 * A list's custom field part: adds the `customFields` conditions to `where`
 * and answers the order, the custom field's when one is asked for, else `order`.
 */
export async function customListShape(
  scope: AccountScope,
  recordType: CustomFieldRecordType,
  where: Where,
  conditions: CustomFieldCondition[] | null | undefined,
  customOrder: CustomFieldOrder | null | undefined,
  order: SortOrder,
): Promise<SortOrder> {
  await addCustomFieldFilters(scope, where, recordType, conditions);
  return customOrder ? customFieldSortOrder(scope, recordType, customOrder) : order;
}
