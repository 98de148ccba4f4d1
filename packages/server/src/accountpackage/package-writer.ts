import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { supportedLocales, type SupportedLocale } from '../auth/users.js';
import { exportColumns, ExportFormat, ExportList, type ExportColumn, type ExportRow } from '../exports/export-columns.js';
import { exportPage } from '../exports/export-rows.js';
import { exportWriter } from '../exports/export-writers.js';
import type { FileStorage } from '../files/storage/file-storage.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { filePathOf, manifestFile, packageFormat, packageFormatVersion, recordFiles, userColumns, usersFile, type PackageManifest, type RecordFile } from './package-format.js';

/**
 * Writes the account of `work` as a package (package-format.ts) to `out`,
 * streamed: records are read through a cursor a thousand at a time, each file
 * is written into the ZIP as it is read (yazl), and file bytes flow from the
 * storage into the ZIP; nothing holds the whole package, or a whole table.
 * Run in one transaction (repeatable read), so every relation in the package
 * points at a record in it.
 */
export interface PackageWriteOptions {
  storage: FileStorage;
  createdBy: { id: string; name: string; email: string; locale: SupportedLocale };
  /** Called with the records written so far, every thousand or so. */
  progress?: (done: number) => Promise<void>;
  now?: Date;
}

const fetchSize = 1000;

/** How many records the package will hold (the job's progress counts towards it). */
export async function countRecords(work: UnitOfWork): Promise<number> {
  const sums = recordFiles.map((file) => `(select count(*) from ${file.table})`).join(' + ');
  const [row] = await work.scope.query<{ total: string }>(`select ${sums} as total`);
  return Number(row!.total);
}

export async function writePackage(work: UnitOfWork, out: Writable, options: PackageWriteOptions): Promise<PackageManifest> {
  const { scope } = work;
  const zip = new yazl.ZipFile();
  zip.outputStream.pipe(out);
  const details = await scope.details();
  const manifest: PackageManifest = {
    format: packageFormat,
    version: packageFormatVersion,
    account: { id: details.account.id, name: details.account.name },
    createdAt: (options.now ?? new Date()).toISOString(),
    createdBy: { id: options.createdBy.id, name: options.createdBy.name, email: options.createdBy.email },
    records: {},
  };
  let done = 0;
  let reported = 0;
  const counted = async (rows: number) => {
    done += rows;
    if (options.progress && done - reported >= fetchSize) {
      reported = done;
      await options.progress(done);
    }
  };

  const fieldsByColumn = new Map<string, string>();
  // In the fields' order (a record's values then read in the same order in every package of the same data).
  for (const row of await scope.query<{ id: string; column_name: string }>(`select id, column_name from custom_field order by record_type, position, id`)) {
    fieldsByColumn.set(row.column_name, row.id);
  }
  const files: { id: string; path: string; storageKey: string }[] = [];
  const userIds = new Set<string>();

  for (const file of recordFiles) {
    const entry = new PassThrough();
    zip.addReadStream(entry, file.name);
    let rows = 0;
    for await (const page of cursorPages(work, file)) {
      let text = '';
      for (const record of page) {
        const row = recordOf(file, record, fieldsByColumn, userIds);
        if (file.table === 'file') {
          row.path = filePathOf(row.id as string, row.name as string);
          files.push({ id: row.id as string, path: row.path as string, storageKey: record.storage_key as string });
        }
        text += `${JSON.stringify(row)}\n`;
      }
      await write(entry, text);
      rows += page.length;
      await counted(page.length);
    }
    entry.end();
    manifest.records[file.name] = rows;
  }

  const users = new PassThrough();
  zip.addReadStream(users, usersFile);
  const members = await work.globalEm.execute<{ id: string }[]>(`select user_id as id from membership where account_id = ?`, [details.account.id]);
  for (const member of members) userIds.add(member.id);
  const named = userIds.size === 0 ? [] : await work.globalEm.execute<Record<string, unknown>[]>(
    `select u.id, u.email, u.name, u.first_name, u.last_name, m.role, m.status as membership
     from app_user u left join membership m on m.user_id = u.id and m.account_id = ?
     where u.id = any(?::uuid[]) order by lower(u.email)`,
    [details.account.id, `{${[...userIds].join(',')}}`],
  );
  for (const user of named) await write(users, `${JSON.stringify(user)}\n`);
  users.end();

  for (const file of files) {
    const bytes = await options.storage.get(file.storageKey);
    // A file whose bytes are gone (a storage that lost them) is listed without them; the import then skips it too.
    if (!bytes) continue;
    zip.addReadStream(bytes, file.path);
    await finished(bytes);
  }

  for (const list of [ExportList.PEOPLE, ExportList.COMPANIES, ExportList.DEALS, ExportList.TASKS]) await writeCsvCopy(work, zip, list, options.createdBy.locale);

  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), manifestFile);
  zip.end();
  await finished(out);
  return manifest;
}

/** The table's rows in the file's order, a page at a time, through a cursor of the transaction. */
async function* cursorPages(work: UnitOfWork, file: RecordFile): AsyncIterable<Record<string, unknown>[]> {
  const links = Object.entries(file.links ?? {})
    .map(([key, sql]) => `, ${sql} as ${key}`)
    .join('');
  const cursor = `package_${file.table}`;
  await work.scope.query(`declare ${cursor} no scroll cursor for select to_jsonb(t) as record${links} from ${file.table} t order by ${file.order}`);
  try {
    for (;;) {
      const rows = await work.scope.query<Record<string, unknown>>(`fetch ${fetchSize} from ${cursor}`);
      if (rows.length === 0) return;
      yield rows.map(({ record, ...links }) => ({ ...(record as Record<string, unknown>), ...links }));
    }
  } finally {
    await work.scope.query(`close ${cursor}`);
  }
}

/** A row as the package has it: without what is derived, custom columns as `custom_fields` by field ID; the users it names are noted. */
function recordOf(file: RecordFile, record: Record<string, unknown>, fieldsByColumn: Map<string, string>, userIds: Set<string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!file.omit.includes(key) && !(file.custom && /^cf_[0-9a-f]{12}$/.test(key))) row[key] = value;
  }
  if (file.custom) {
    const custom: Record<string, unknown> = {};
    for (const [column, fieldId] of fieldsByColumn) if (record[column] != null) custom[fieldId] = record[column];
    row.custom_fields = custom;
  }
  for (const column of userColumns) {
    if (typeof row[column] === 'string') userIds.add(row[column] as string);
  }
  return row;
}

/** A list as the spreadsheet export writes it (exports/), every column, headers in the creator's language. */
async function writeCsvCopy(work: UnitOfWork, zip: yazl.ZipFile, list: ExportList, locale: SupportedLocale): Promise<void> {
  const entry = new PassThrough();
  zip.addReadStream(entry, `csv/${list.toLowerCase()}.csv`);
  const columns = exportColumns[list] as unknown as ExportColumn<ExportRow>[];
  const writer = exportWriter(ExportFormat.CSV, entry, columns, columns.map((column) => column.label[supportedLocales.includes(locale) ? locale : 'en']));
  await writer.start();
  let after: string | undefined;
  do {
    const page = await exportPage(work, list, undefined, after);
    await writer.page(page.rows, page.lookups);
    after = page.after;
  } while (after);
  await writer.finish();
  entry.end();
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (chunk.length > 0 && !out.write(chunk)) await once(out, 'drain');
}
