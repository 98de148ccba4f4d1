import { isSupportedLocale, type SupportedLocale } from '../auth/users.js';
import { badUserInput } from '../errors/errors.js';
import type { AccountScope } from '../request/account-scope.js';
import { chosenColumns, ExportFormat, ExportList, type ExportColumn, type ExportRow } from './export-columns.js';
import { isCustomColumnKey, listColumnsOf } from './export-custom-columns.js';
import type { ExportFilter } from './export-rows.js';
import type { ExportInput } from './export.types.js';

/**
 * What one export is: checked once when its link is made (`exportLink`), then
 * carried, signed, in the link's token, so the download makes exactly the file
 * that was asked for, with the rights of the moment it is downloaded.
 */
export interface ExportSpec {
  list: ExportList;
  format: ExportFormat;
  columns: string[];
  language: SupportedLocale;
  filter?: ExportFilter;
  /** One person only (`Person.vcardUrl`). */
  personId?: string;
}

const filterFieldOf = {
  [ExportList.PEOPLE]: 'peopleFilter',
  [ExportList.COMPANIES]: 'companiesFilter',
  [ExportList.DEALS]: 'dealsFilter',
  [ExportList.TASKS]: 'tasksFilter',
} as const satisfies Record<ExportList, keyof ExportInput>;

export async function exportSpecOf(scope: AccountScope, input: ExportInput): Promise<ExportSpec> {
  const { list, format } = input;
  if (format === ExportFormat.VCARD && list !== ExportList.PEOPLE) throw badUserInput('format', 'vCards can be exported for people only.');
  const language = input.language ?? 'en';
  if (!isSupportedLocale(language)) throw badUserInput('language', 'The language must be one of de, en, es.');
  const { unknown } = chosenColumns(await listColumnsOf(scope, list), input.columns);
  if (unknown.length > 0) throw badUserInput('columns', `Unknown columns: ${unknown.join(', ')}. Ask exportColumns(list: ${list}) for the columns of this list.`);
  for (const [other, field] of Object.entries(filterFieldOf)) {
    if (other !== list && input[field] != null) throw badUserInput(field, `${field} filters list ${other}, not ${list}.`);
  }
  const filter = input[filterFieldOf[list]];
  // Through JSON: the filter travels in the token as plain data.
  return { list, format, columns: input.columns ?? [], language, ...(filter ? { filter: JSON.parse(JSON.stringify(filter)) as ExportFilter } : {}) };
}

/**
 * The columns of an export when it is downloaded. A custom field deleted
 * since the link was made has no column any more: it is left out.
 */
export async function columnsOf(scope: AccountScope, spec: ExportSpec): Promise<ExportColumn<ExportRow>[]> {
  return chosenColumns(await listColumnsOf(scope, spec.list), spec.columns).columns;
}

/** Whether the export's columns include a custom field's (so each page reads the custom values). */
export const hasCustomColumns = (columns: ExportColumn<ExportRow>[]) => columns.some((column) => isCustomColumnKey(column.key));

const fileNames: Record<ExportList, Record<SupportedLocale, string>> = {
  [ExportList.PEOPLE]: { en: 'people', de: 'personen', es: 'personas' },
  [ExportList.COMPANIES]: { en: 'companies', de: 'firmen', es: 'empresas' },
  [ExportList.DEALS]: { en: 'deals', de: 'deals', es: 'tratos' },
  [ExportList.TASKS]: { en: 'tasks', de: 'aufgaben', es: 'tareas' },
};
const extensions: Record<ExportFormat, string> = { [ExportFormat.CSV]: 'csv', [ExportFormat.XLSX]: 'xlsx', [ExportFormat.VCARD]: 'vcf' };

/** `people-2026-11-30.csv`, in the export's language; a single vCard is named after its person by the caller. */
export function fileNameOf(spec: ExportSpec, now = new Date()): string {
  return `${fileNames[spec.list][spec.language]}-${now.toISOString().slice(0, 10)}.${extensions[spec.format]}`;
}

/** The spec as claims of a download token, and back (undefined when a claim is not what it must be). */
export const specClaims = (spec: ExportSpec) => ({ xpt: spec as unknown as Record<string, unknown> });

export function specOfClaims(claims: Record<string, unknown>): ExportSpec | undefined {
  const spec = claims.xpt as Partial<ExportSpec> | undefined;
  if (!spec || typeof spec !== 'object') return undefined;
  if (!Object.values(ExportList).includes(spec.list as ExportList) || !Object.values(ExportFormat).includes(spec.format as ExportFormat)) return undefined;
  if (!Array.isArray(spec.columns) || !isSupportedLocale(spec.language)) return undefined;
  return spec as ExportSpec;
}
