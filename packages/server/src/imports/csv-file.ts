import { pipeline, Readable } from 'node:stream';
import chardet from 'chardet';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/**
 * Reading a CSV file as spreadsheet programs write it, streamed: the
 * encoding is told from the first 64 KB (a byte order mark; else valid UTF-8;
 * else what chardet finds, Windows-1252 for the Latin-1 family, which is what
 * Excel writes on Western Windows), the delimiter by parsing the first lines
 * with each candidate (csv-parse does the quoting), and the records come one
 * at a time, never the whole file in memory.
 */
export interface CsvDialect {
  encoding: string;
  delimiter: string;
}

const sniffBytes = 64 * 1024;
const delimiters = [',', ';', '\t', '|'];

export function detectEncoding(head: Buffer): string {
  if (head.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (isUtf8Prefix(head)) return 'utf-8';
  const guess = chardet.detect(head)?.toLowerCase() ?? '';
  if (guess === '' || guess.startsWith('iso-8859-1') || guess.startsWith('windows-1252') || guess.startsWith('iso-8859-15')) return 'windows-1252';
  return iconv.encodingExists(guess) ? guess : 'windows-1252';
}

/** Valid UTF-8, allowing a character cut off at the end of the sample. */
function isUtf8Prefix(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export function detectDelimiter(sample: string): string {
  const lines = sample.split(/\r?\n/).slice(0, 20);
  // The last line of a sample may be cut off.
  if (lines.length > 2) lines.pop();
  let best = { delimiter: ',', score: 0 };
  for (const delimiter of delimiters) {
    let records: string[][];
    try {
      records = parseSync(lines.join('\n'), { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true });
    } catch {
      continue;
    }
    if (records.length === 0) continue;
    const width = records[0]!.length;
    if (width < 2) continue;
    const consistent = records.filter((record) => record.length === width).length / records.length;
    const score = consistent * 100 + width;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** Reads the first bytes of `source` to tell the dialect, then yields its records; `dialect` given, nothing is guessed. */
export async function openCsv(source: AsyncIterable<Buffer>, dialect?: CsvDialect): Promise<{ dialect: CsvDialect; records: AsyncIterable<string[]> }> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (!dialect && headBytes < sniffBytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const headBuffer = Buffer.concat(head);
  const encoding = dialect?.encoding ?? detectEncoding(headBuffer.subarray(0, sniffBytes));
  const delimiter = dialect?.delimiter ?? detectDelimiter(iconv.decode(headBuffer.subarray(0, sniffBytes), encoding));
  async function* bytes(): AsyncIterable<Buffer> {
    if (headBuffer.length > 0) yield headBuffer;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  // pipeline: a failing source (an upload broken off) fails the records too.
  const parser = pipeline(
    Readable.from(bytes()),
    iconv.decodeStream(encoding, { stripBOM: true }),
    parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, trim: true }),
    () => undefined,
  );
  return { dialect: { encoding, delimiter }, records: parser as AsyncIterable<string[]> };
}
