import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import type { Person } from '../crm/people/person.entity.js';
import { personName } from '../crm/people/person-name.js';
import { ExportFormat, type ExportColumn, type ExportRow, type PageLookups } from './export-columns.js';

/**
 * Writes an export page by page to the response, in its format, waiting for
 * the client to take each page before the next is read (never the whole list
 * in memory). Each format through a well-kept library: csv-stringify, exceljs
 * (its streaming writer), ical.js (vCard 4.0).
 */
export interface ExportWriter {
  readonly contentType: string;
  readonly extension: string;
  start(): Promise<void>;
  page(rows: ExportRow[], lookups: PageLookups): Promise<void>;
  finish(): Promise<void>;
}

type Cell = ReturnType<ExportColumn<ExportRow>['value']>;

async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export function exportWriter(format: ExportFormat, out: Writable, columns: ExportColumn<ExportRow>[], headers: string[]): ExportWriter {
  switch (format) {
    case ExportFormat.CSV:
      return csvWriter(out, columns, headers);
    case ExportFormat.XLSX:
      return xlsxWriter(out, columns, headers);
    case ExportFormat.VCARD:
      return vcardWriter(out);
  }
}

const cellsOf = (row: ExportRow, lookups: PageLookups, columns: ExportColumn<ExportRow>[]): Cell[] => columns.map((c) => c.value(row, lookups));

function csvWriter(out: Writable, columns: ExportColumn<ExportRow>[], headers: string[]): ExportWriter {
  return {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    // The byte order mark makes spreadsheet programs read the file as UTF-8 (umlauts, accents); Kontor's importer skips it.
    start: () => write(out, stringify([headers], { bom: true })),
    page: (rows, lookups) => write(out, stringify(rows.map((row) => cellsOf(row, lookups, columns).map(csvCell)))),
    finish: async () => undefined,
  };
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
 * carriage return first) gets a leading apostrophe: an exported record must
 * never become a command in the spreadsheet of whoever opens it (CSV
 * injection, OWASP). Numbers stay numbers, and so do phone numbers such as
 * "+49 89 1234": digits, spaces and `+ - ( ) . /` alone can call no
 * function and reach no other program.
 */
const formulaStart = /^[=+\-@\t\r]/;
const phoneShaped = /^[+\-]?[\d\s()./-]+$/;
function csvCell(cell: Cell): string | number | boolean | null {
  if (typeof cell !== 'string' || !formulaStart.test(cell) || phoneShaped.test(cell)) return cell;
  return `'${cell}`;
}

function xlsxWriter(out: Writable, columns: ExportColumn<ExportRow>[], headers: string[]): ExportWriter {
  // Made on start: the writer pipes into `out` from its first moment, and the response's headers go first.
  let workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  let sheet: ExcelJS.Worksheet;
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    start: async () => {
      workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
      sheet = workbook.addWorksheet('Kontor');
      sheet.addRow(headers).commit();
    },
    page: async (rows, lookups) => {
      // Cells are written as values (never formulas): exceljs writes a string as a string.
      for (const row of rows) sheet.addRow(cellsOf(row, lookups, columns)).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    finish: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}

function vcardWriter(out: Writable): ExportWriter {
  return {
    contentType: 'text/vcard; charset=utf-8',
    extension: 'vcf',
    start: async () => undefined,
    page: (rows, lookups) => write(out, rows.map((row) => vcardOf(row as Person, lookups.tags.get(row.id) ?? [])).join('')),
    finish: async () => undefined,
  };
}

/** A person as a vCard 4.0 (RFC 6350), as address books import it. */
export function vcardOf(person: Person, tags: string[]): string {
  const card = new ICAL.Component('vcard');
  const add = (name: string, value: string | string[], type?: string) => {
    const property = new ICAL.Property(name, card);
    if (type) property.resetType(type);
    property.setValue(value as never);
    card.addProperty(property);
  };
  add('version', '4.0');
  add('fn', personName(person));
  add('n', [person.lastName, person.firstName, '', '', '']);
  for (const email of person.emails) add('email', email);
  for (const phone of person.phones) add('tel', phone, 'text');
  if (person.companyName) add('org', [person.companyName]);
  if (person.position) add('title', person.position);
  if (person.street || person.postalCode || person.city || person.country) {
    add('adr', ['', '', person.street ?? '', person.city ?? '', '', person.postalCode ?? '', person.country ?? '']);
  }
  if (person.birthday) card.addPropertyWithValue('bday', ICAL.VCardTime.fromDateAndOrTimeString(person.birthday, 'date'));
  if (tags.length > 0) {
    const categories = new ICAL.Property('categories', card);
    categories.setValues(tags);
    card.addProperty(categories);
  }
  add('uid', `urn:uuid:${person.id}`);
  card.addPropertyWithValue('rev', ICAL.VCardTime.fromDateAndOrTimeString(new Date(person.updatedAt).toISOString().replace(/\.\d+Z$/, 'Z'), 'timestamp'));
  return `${card.toString()}\r\n`;
}
