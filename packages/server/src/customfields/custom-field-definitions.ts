import type { AccountScope } from '../request/account-scope.js';
import { quoteIdent } from '../db/sql.js';
import { kinds } from './custom-field-kinds.js';
import { CustomFieldRecordType, type CustomField, type CustomFieldChoice, type CustomFieldType } from './custom-field.types.js';

/** The record table of each record type; custom columns live on these three only. */
export const recordTables: Record<CustomFieldRecordType, 'person' | 'company' | 'deal'> = {
  [CustomFieldRecordType.PERSON]: 'person',
  [CustomFieldRecordType.COMPANY]: 'company',
  [CustomFieldRecordType.DEAL]: 'deal',
};

export const recordTypeOfTable = (table: 'person' | 'company' | 'deal'): CustomFieldRecordType =>
  ({ person: CustomFieldRecordType.PERSON, company: CustomFieldRecordType.COMPANY, deal: CustomFieldRecordType.DEAL })[table];

const columns = 'id, record_type, name, description, type, position, show_in_list, currency, choices, column_name';

function definitionFromRow(row: Record<string, unknown>): CustomField {
  return {
    id: row.id as string,
    recordType: recordTypeOfTable(row.record_type as 'person'),
    name: row.name as string,
    description: (row.description as string | null) ?? null,
    type: row.type as CustomFieldType,
    position: row.position as number,
    showInList: row.show_in_list as boolean,
    currency: (row.currency as string | null) ?? null,
    choices: (row.choices as CustomFieldChoice[]) ?? [],
    columnName: row.column_name as string,
  };
}

/** The account's custom fields of one record type (or all), in their order. */
export async function customFieldsOf(scope: AccountScope, recordType?: CustomFieldRecordType): Promise<CustomField[]> {
  const rows = recordType
    ? await scope.query(`select ${columns} from custom_field where record_type = ? order by position, name`, [recordTables[recordType]])
    : await scope.query(`select ${columns} from custom_field order by record_type, position, name`);
  return rows.map(definitionFromRow);
}

/** One custom field by ID, or null. */
export async function customFieldById(scope: AccountScope, id: string): Promise<CustomField | null> {
  const [row] = await scope.query(`select ${columns} from custom_field where id = ?::uuid`, [id]);
  return row ? definitionFromRow(row) : null;
}

/**
 * The SQL expression (over alias `t`) of what a record's text-like custom
 * values say, joined by spaces: written to `custom_text`, which the generated
 * search vector includes.
 */
export function customTextExpression(fields: CustomField[]): string {
  // Values are stored trimmed, so this says what concat_ws(' ', ...) says; but concat_ws is only STABLE, and Citus
  // refuses a STABLE function over columns in an UPDATE (it could not be sure the worker computes the same).
  const texts = fields.filter((field) => kinds[field.type].searched).map((field) => `coalesce(t.${quoteIdent(field.columnName)} || ' ', '')`);
  return texts.length === 0 ? `''` : `rtrim(${texts.join(' || ')})`;
}
