import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';

/**
 * Import files besides CSV: XLSX workbooks and vCard files (3.0 and 4.0).
 * Each is turned into CSV rows as it is uploaded, and the CSV is what is
 * stored, so the mapping, preview, job and failed-rows file read one format.
 * The reading is done by well-kept libraries: exceljs (its streaming reader)
 * and ical.js (vCard).
 */
export type ImportFormat = 'CSV' | 'XLSX' | 'VCARD';

const zipSignature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The format of a file from its first bytes (never from its name or content type, which the client writes). */
export function formatOf(head: Buffer): ImportFormat {
  if (head.subarray(0, 4).equals(zipSignature)) return 'XLSX';
  const text = head.subarray(0, 256).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return /^BEGIN:VCARD\r?\n/i.test(text) ? 'VCARD' : 'CSV';
}

/** `source` as it was, with its first bytes (at least `bytes`, unless it is shorter) read ahead. */
export async function peek(source: AsyncIterable<Buffer>, bytes: number): Promise<{ head: Buffer; source: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const read: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    read.push(next.value);
    length += next.value.length;
  }
  async function* replay(): AsyncIterable<Buffer> {
    yield* read;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: Buffer.concat(read), source: replay() };
}

/** CSV text (UTF-8, commas) of the rows, a few rows per chunk. */
export async function* csvOf(rows: AsyncIterable<string[]>): AsyncIterable<Buffer> {
  let batch: string[][] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === 200) {
      yield Buffer.from(stringify(batch));
      batch = [];
    }
  }
  if (batch.length > 0) yield Buffer.from(stringify(batch));
}

/** The first worksheet's rows as text: its first row is the header. Dates as YYYY-MM-DD, formulas as their result. */
export async function* xlsxRows(source: AsyncIterable<Buffer>): AsyncIterable<string[]> {
  // Styles are read: a date is a number with a date format, and only the style says so.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(source), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        // `values` is 1-based, with holes for empty cells.
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        const cells = Array.from({ length: values.length }, (_, i) => cellText(values[i]));
        if (cells.some((cell) => cell !== '')) yield cells;
      }
      // The first worksheet only: a workbook's other sheets are notes, lookups or pivots.
      return;
    }
  } catch (error) {
    throw new UnreadableFile('XLSX', (error as Error).message);
  }
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, value.getUTCHours() || value.getUTCMinutes() ? 16 : 10).replace('T', ' ');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** The columns a vCard file becomes: headers the mapping suggests by itself. */
export const vcardHeaders = ['First name', 'Last name', 'Email', 'Phone', 'Company', 'Position', 'Street', 'Postal code', 'City', 'Country', 'Birthday', 'Tags'];

/**
 * The cards of a vCard file as rows, one card at a time (a card ends with
 * its `END:VCARD` line, so the file is never read whole). Names from `N`, or
 * from `FN` when there is no `N`; every e-mail and phone; the first address.
 */
export async function* vcardRows(source: AsyncIterable<Buffer>): AsyncIterable<string[]> {
  yield vcardHeaders;
  let text = '';
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    text += decoder.decode(chunk, { stream: true });
    let end: RegExpExecArray | null;
    while ((end = /^END:VCARD[ \t]*\r?\n?/im.exec(text))) {
      const card = text.slice(0, end.index + end[0].length);
      text = text.slice(end.index + end[0].length);
      yield rowOfCard(card);
    }
  }
  text += decoder.decode();
  if (text.trim()) yield rowOfCard(text);
}

function rowOfCard(text: string): string[] {
  let card: ICAL.Component;
  try {
    card = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, '').trim()) as never);
  } catch (error) {
    throw new UnreadableFile('VCARD', `a card could not be read: ${(error as Error).message}`);
  }
  const first = (name: string) => card.getFirstPropertyValue(name) as unknown;
  const all = (name: string) => card.getAllProperties(name).map((property) => String(property.getFirstValue() ?? '').trim()).filter(Boolean);
  const structured = (name: string) => {
    const value = first(name);
    return Array.isArray(value) ? value.map((part) => (Array.isArray(part) ? part.join(' ') : String(part ?? ''))) : typeof value === 'string' ? [value] : [];
  };
  let [lastName = '', firstName = ''] = structured('n');
  if (!lastName && !firstName) {
    const words = String(first('fn') ?? '').trim().split(/\s+/);
    lastName = words.pop() ?? '';
    firstName = words.join(' ');
  }
  const [, , street = '', city = '', , postalCode = '', country = ''] = structured('adr');
  const birthday = first('bday');
  const categories = card.getFirstProperty('categories')?.getValues().map(String) ?? [];
  return [
    firstName,
    lastName,
    all('email').join('; '),
    all('tel').map((tel) => tel.replace(/^tel:/i, '')).join('; '),
    structured('org')[0] ?? '',
    String(first('title') ?? ''),
    street,
    postalCode,
    city,
    country,
    birthday ? String(birthday).slice(0, 10) : '',
    categories.join('; '),
  ];
}

/** A workbook or vCard file its library could not read: the upload answers BAD_USER_INPUT with the reason. */
export class UnreadableFile extends Error {
  constructor(
    readonly format: Exclude<ImportFormat, 'CSV'>,
    reason: string,
  ) {
    super(`The file is not a readable ${format === 'XLSX' ? 'Excel workbook (XLSX)' : 'vCard file'}: ${reason}`);
  }
}
