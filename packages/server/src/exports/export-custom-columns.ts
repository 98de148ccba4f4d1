import { customFieldsOf } from '../customfields/custom-field-definitions.js';
import { BooleanValue, ChoicesValue, ChoiceValue, DateValue, MoneyValue, NumberValue, TextValue, type CustomFieldValue } from '../customfields/custom-field-value.types.js';
import { CustomFieldRecordType, type CustomField } from '../customfields/custom-field.types.js';
import type { AccountScope } from '../request/account-scope.js';
import { exportColumns, ExportList, joined, type ExportColumn, type ExportRow } from './export-columns.js';

/** The record type whose custom fields a list's export may carry (tasks have none). */
export const recordTypeOfList: Partial<Record<ExportList, CustomFieldRecordType>> = {
  [ExportList.PEOPLE]: CustomFieldRecordType.PERSON,
  [ExportList.COMPANIES]: CustomFieldRecordType.COMPANY,
  [ExportList.DEALS]: CustomFieldRecordType.DEAL,
};

/** The key a custom field's column goes by in `ExportInput.columns`. */
export const customColumnKey = (fieldId: string) => `custom.${fieldId}`;
export const isCustomColumnKey = (key: string) => key.startsWith('custom.');

/**
 * Every column an export of `list` can have in this account: the built-in
 * ones, then one per custom field in the fields' order.
 */
export async function listColumnsOf(scope: AccountScope, list: ExportList): Promise<ExportColumn<ExportRow>[]> {
  const builtIn = exportColumns[list] as unknown as ExportColumn<ExportRow>[];
  const recordType = recordTypeOfList[list];
  if (!recordType) return builtIn;
  return [...builtIn, ...(await customFieldsOf(scope, recordType)).map(customColumn)];
}

/**
 * A custom field's column. Its header is the field's name in every language:
 * the importer suggests a column for the custom field whose name its header
 * is (imports/import-fields.ts), so the file imports again as it is.
 */
function customColumn(field: CustomField): ExportColumn<ExportRow> {
  return {
    key: customColumnKey(field.id),
    label: { en: field.name, de: field.name, es: field.name },
    value: (row, lookups) => {
      const value = lookups.custom.get(row.id)?.find((v) => v.field.id === field.id);
      return value ? cellOf(value) : null;
    },
  };
}

/**
 * A value as the importer reads it back (custom-field-import.ts): numbers and
 * amounts as numbers (the currency is the field's), dates as YYYY-MM-DD, a
 * checkbox as true or false, choices by their labels.
 */
function cellOf(value: CustomFieldValue): string | number | boolean | null {
  if (value instanceof TextValue) return value.text;
  if (value instanceof NumberValue) return value.number;
  if (value instanceof MoneyValue) return value.amount;
  if (value instanceof DateValue) return value.date;
  if (value instanceof BooleanValue) return value.checked;
  if (value instanceof ChoiceValue) return value.choice.label;
  if (value instanceof ChoicesValue) return joined(value.choices.map((c) => c.label));
  return null;
}
