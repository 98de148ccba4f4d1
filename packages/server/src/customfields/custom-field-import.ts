import { badUserInput } from '../errors/errors.js';
import type { AccountScope } from '../request/account-scope.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { normaliseHeader } from '../imports/import-fields.js';
import { toIsoDate } from '../imports/import-row.js';
import { customFieldsOf } from './custom-field-definitions.js';
import { writeCustomValues } from './custom-field-values.js';
import { CustomFieldType, type CustomField, type CustomFieldRecordType, type CustomFieldValueInput } from './custom-field.types.js';

const yes = new Set(['1', 'x', 'true', 'yes', 'y', 'ja', 'j', 'si', 'sí', 'wahr', 'verdadero']);
const no = new Set(['', '0', 'false', 'no', 'n', 'nein', 'falsch', 'falso']);

/**
 * The custom field of each column of an import (`customFields` of
 * StartImportInput: a field ID or null per column), checked: one column per
 * field, a field of the import's record type, no column mapped twice.
 */
export async function customImportColumns(
  scope: AccountScope,
  recordType: CustomFieldRecordType,
  columns: number,
  builtInMapping: (string | null)[],
  mapping: (string | null)[] | null | undefined,
): Promise<(CustomField | null)[]> {
  if (!mapping || mapping.every((id) => id === null)) return [];
  if (mapping.length !== columns) throw badUserInput('customFields', `customFields must name a custom field (or null) for each of the ${columns} columns.`);
  const fields = new Map((await customFieldsOf(scope, recordType)).map((field) => [field.id, field]));
  const seen = new Set<string>();
  return mapping.map((id, column) => {
    if (id === null) return null;
    const field = fields.get(id);
    if (!field) throw badUserInput('customFields', 'There is no such custom field for this kind of import.');
    if (builtInMapping[column]) throw badUserInput('customFields', `Column ${column + 1} is mapped to ${builtInMapping[column]} already.`);
    if (seen.has(id)) throw badUserInput('customFields', `"${field.name}" may be chosen for one column only.`);
    seen.add(id);
    return field;
  });
}

/**
 * Per column, the custom field whose name its header is (case, accents and
 * punctuation aside), where the header suggests no built-in field: a list
 * export's custom columns are headed by their fields' names, so Kontor's own
 * exports import again as they are. Each field once, the first such column.
 */
export async function suggestCustomFieldMapping(scope: AccountScope, recordType: CustomFieldRecordType, headers: string[], builtIn: (string | null)[]): Promise<(string | null)[]> {
  if (headers.every((_, column) => builtIn[column])) return headers.map(() => null);
  const fields = await customFieldsOf(scope, recordType);
  const taken = new Set<string>();
  return headers.map((header, column) => {
    if (builtIn[column]) return null;
    const name = normaliseHeader(header);
    const field = fields.find((f) => !taken.has(f.id) && name !== '' && normaliseHeader(f.name) === name);
    if (!field) return null;
    taken.add(field.id);
    return field.id;
  });
}

/** A cell as the value input of its field: dates and numbers as spreadsheets write them, choices by their label, checkboxes as yes or no. */
export function valueFromCell(field: CustomField, cell: string): CustomFieldValueInput {
  const text = cell.trim();
  const input: CustomFieldValueInput = { fieldId: field.id };
  if (text === '' && field.type !== CustomFieldType.CHECKBOX) return input;
  switch (field.type) {
    case CustomFieldType.NUMBER:
    case CustomFieldType.MONEY: {
      // "1.234,5" and "1,234.5" alike: the last separator with other than three digits after it holds the decimals.
      const normalised = /[.,]\d{3}$/.test(text) && !/[.,].*[.,]/.test(text) ? text.replace(/[.,]/g, '') : text.replace(/[.,](?=.*[.,])/g, '').replace(',', '.');
      const number = Number(normalised.replace(/\s/g, ''));
      if (!Number.isFinite(number)) throw badUserInput(field.name, `"${text.slice(0, 50)}" is not a number.`);
      return { ...input, [field.type === CustomFieldType.MONEY ? 'amount' : 'number']: number };
    }
    case CustomFieldType.DATE:
      return { ...input, date: toIsoDate(text) };
    case CustomFieldType.CHECKBOX: {
      const word = text.toLowerCase();
      if (!yes.has(word) && !no.has(word)) throw badUserInput(field.name, `"${text.slice(0, 50)}" is neither yes nor no.`);
      return { ...input, checked: yes.has(word) };
    }
    case CustomFieldType.SINGLE_CHOICE:
      return { ...input, choiceId: choiceByLabel(field, text) };
    case CustomFieldType.MULTIPLE_CHOICE:
      return { ...input, choiceIds: text.split(/[,;]/).map((label) => label.trim()).filter(Boolean).map((label) => choiceByLabel(field, label)) };
    default:
      return { ...input, text };
  }
}

function choiceByLabel(field: CustomField, label: string): string {
  const choice = field.choices.find((c) => c.label.toLowerCase() === label.toLowerCase());
  if (!choice) throw badUserInput(field.name, `"${label.slice(0, 50)}" is not a choice of "${field.name}".`);
  return choice.id;
}

/** Writes a row's custom cells to the record it made or updated; returns the names of the fields that changed. A bad cell fails the row. */
export function writeCustomCells(work: UnitOfWork, recordType: CustomFieldRecordType, recordId: string, columns: (CustomField | null)[], record: string[]): Promise<string[]> {
  const inputs = columns.flatMap((field, column) => (field ? [valueFromCell(field, record[column] ?? '')] : []));
  return writeCustomValues(work, recordType, recordId, inputs);
}
