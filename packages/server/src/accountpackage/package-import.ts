import { randomUUID } from 'node:crypto';
import { Plan } from '../accounts/plan.entity.js';
import { lockContacts } from '../accounts/usage.js';
import { customFieldsOf, customTextExpression, recordTypeOfTable } from '../customfields/custom-field-definitions.js';
import { kinds } from '../customfields/custom-field-kinds.js';
import type { CustomFieldType } from '../customfields/custom-field.types.js';
import { quoteIdent } from '../db/sql.js';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { assertStorageFits } from '../files/storage-limit.js';
import { storageKey, type FileStorage } from '../files/storage/file-storage.js';
import { lockForPackageImport } from '../request/package-import-guard.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { AuditAction } from '../audit/audit-action.js';
import { audit } from '../audit/audit-trail.js';
import { manifestFile, packageFormat, packageFormatVersion, recordFiles, userColumns, usersFile, type CustomTable, type PackageManifest, type RecordFile } from './package-format.js';
import type { PackageReader } from './package-reader.js';

/**
 * Brings a package (package-format.ts) into an account that holds no records,
 * in the caller's transaction (all or nothing): every record gets a new ID,
 * and every reference to a record of the package (relations, link tables,
 * custom values of choice fields, the timeline's subjects and details) follows
 * it; created and changed dates stay as they were. Users are found again by
 * e-mail among the account's active members; whoever is not a member here
 * becomes the importing user, and is named in the report. The package's
 * contacts must fit the account's package (PLAN_LIMIT_REACHED, `contacts`),
 * its files the storage (`storage`). Files' bytes go to the storage while the
 * transaction runs: `stored` lists their keys, for the caller to delete when
 * the transaction does not commit.
 */
export interface PackageImportReport {
  /** The account the package was made of, and when. */
  source: { id: string; name: string; createdAt: string };
  /** Records brought in per JSON Lines file. */
  records: Record<string, number>;
  files: number;
  /** Users the package names who are not active members here: their records are the importing user's now. */
  mappedUsers: { name: string; email: string }[];
}

const batchSize = 500;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const linkTables: Record<string, (table: string) => { table: string; own: string; other: string }> = {
  tag_ids: (table) => ({ table: `${table}_tag`, own: `${table}_id`, other: 'tag_id' }),
  person_ids: () => ({ table: 'deal_person', own: 'deal_id', other: 'person_id' }),
};

/**
 * What the job checks before it brings a package in: a package, into an empty
 * account, within its limits. Answers the records it holds (for the progress).
 */
async function checkPackage(work: UnitOfWork, reader: PackageReader): Promise<number> {
  const manifest = await readManifest(reader);
  await assertEmpty(work);
  await assertFits(work, reader);
  return Object.values(manifest.records).reduce((sum, count) => sum + (Number(count) || 0), 0);
}

export async function importPackage(
  work: UnitOfWork,
  reader: PackageReader,
  storage: FileStorage,
  stored: string[],
  progress: (recordsDone: number, recordsTotal: number) => Promise<void> = async () => undefined,
): Promise<PackageImportReport> {
  const { scope } = work;
  const manifest = await readManifest(reader);
  // Changes of records already under way end first (and are then found here); others are refused until this transaction ends.
  await lockForPackageImport(scope);
  const total = await checkPackage(work, reader);
  let done = 0;
  const progressed = (recordsDone: number) => progress(recordsDone, total);
  await progressed(0);

  const users = await userMapping(work, reader);
  const ids = new Map<string, string>();
  const remap = (value: unknown): unknown => {
    if (typeof value === 'string') return uuid.test(value) ? (ids.get(value.toLowerCase()) ?? value) : value;
    if (Array.isArray(value)) return value.map(remap);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [ids.get(key) ?? key, remap(inner)]));
    return value;
  };
  const report: PackageImportReport = { source: { id: manifest.account?.id, name: manifest.account?.name, createdAt: manifest.createdAt }, records: {}, files: 0, mappedUsers: users.mapped };
  const fieldColumns = new Map<string, string>();

  if (manifest.records['pipelines.jsonl'] ?? reader.has('pipelines.jsonl')) {
    // The account's default pipeline makes way for the package's (an empty account has no deals in it).
    await scope.query('delete from phase');
    await scope.query('delete from pipeline');
  }
  for (const file of recordFiles) {
    let count = 0;
    if (file.table === 'custom_field') {
      for await (const record of reader.records(file.name)) {
        await createField(work, record, ids, fieldColumns);
        count++;
      }
      await progressed((done += count));
      report.records[file.name] = count;
      continue;
    }
    const columns = await insertableColumns(work, file.table);
    let batch: Record<string, unknown>[] = [];
    const links: Record<string, { own: string; other: string }[]> = {};
    const flush = async () => {
      if (batch.length === 0) return;
      const list = columns.map(quoteIdent).join(', ');
      await scope.query(`insert into ${file.table} (${list}) select ${list} from jsonb_populate_recordset(null::${file.table}, ?::jsonb)`, [JSON.stringify(batch)]);
      for (const [key, rows] of Object.entries(links)) {
        if (rows.length === 0) continue;
        const link = linkTables[key]!(file.table);
        await scope.query(
          `insert into ${link.table} (${link.own}, ${link.other}) select own, other from jsonb_to_recordset(?::jsonb) as x(own uuid, other uuid) on conflict do nothing`,
          [JSON.stringify(rows)],
        );
        rows.length = 0;
      }
      done += batch.length;
      batch = [];
      await progressed(done);
    };
    for await (const record of reader.records(file.name)) {
      const row = await rowOf(file, record, { ids, remap, users: users.of, fieldColumns });
      if (file.table === 'file') {
        const path = record.path;
        if (typeof path !== 'string' || !reader.has(path)) continue;
        const key = storageKey(scope.accountId, row.id as string);
        await storage.put(key, await reader.stream(path), reader.size(path));
        stored.push(key);
        row.storage_key = key;
        row.size = reader.size(path);
        report.files++;
      }
      for (const key of Object.keys(file.links ?? {})) {
        const targets = record[key];
        if (!Array.isArray(targets)) continue;
        (links[key] ??= []).push(...targets.map((target) => ({ own: row.id as string, other: remap(target) as string })));
      }
      batch.push(row);
      count++;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    report.records[file.name] = count;
  }

  // What the database derives: the company's name on its people and deals (search), the text of custom values (search).
  for (const table of ['person', 'deal']) {
    await scope.query(`update ${table} t set company_name = c.name from company c where c.id = t.company_id`);
  }
  for (const table of ['person', 'company', 'deal'] as const) {
    const fields = await customFieldsOf(scope, recordTypeOfTable(table));
    if (fields.length > 0) await scope.query(`update ${table} t set custom_text = ${customTextExpression(fields)}`);
  }
  await audit(work, await work.accountEm(), {
    action: AuditAction.ACCOUNT_PACKAGE_IMPORTED,
    target: { type: 'ACCOUNT', id: String(report.source.id ?? ''), label: report.source.name ?? null },
    changes: { source: report.source, records: report.records, files: report.files, mappedUsers: report.mappedUsers.length },
  });
  return report;
}

async function readManifest(reader: PackageReader): Promise<PackageManifest> {
  let manifest: PackageManifest | undefined;
  try {
    manifest = reader.has(manifestFile) ? (JSON.parse(await reader.text(manifestFile, 1024 * 1024)) as PackageManifest) : undefined;
  } catch {
    manifest = undefined;
  }
  if (!manifest || manifest.format !== packageFormat || !Number.isInteger(manifest.version)) {
    throw badUserInput('file', 'This is not a Kontor account package (it has no manifest.json of one).');
  }
  if (manifest.version > packageFormatVersion) throw badUserInput('file', `This package has format version ${manifest.version}; this Kontor reads up to ${packageFormatVersion}. Update Kontor first.`);
  manifest.records ??= {};
  return manifest;
}

/** A package goes only into an account without records (its default pipeline aside). */
export async function assertEmpty(work: UnitOfWork): Promise<void> {
  const tables = ['person', 'company', 'deal', 'task', 'note', 'tag', 'custom_field', 'file'];
  const [row] = await work.scope.query<{ records: string }>(`select ${tables.map((table) => `(select count(*) from ${table})`).join(' + ')} as records`);
  const records = Number(row!.records);
  if (records > 0) {
    throw new KontorError(ErrorCode.ACCOUNT_NOT_EMPTY, `A package can only be brought into an empty account; this one holds ${records} records. Create a new account for it.`, { records });
  }
}

/** Contacts as packages count them (people, and companies without people) and the files' bytes, against the account's package. */
async function assertFits(work: UnitOfWork, reader: PackageReader): Promise<void> {
  const em = await work.accountEm();
  await lockContacts(em, work.scope.accountId);
  const companiesWithPeople = new Set<string>();
  let people = 0;
  for await (const person of reader.records('people.jsonl')) {
    people++;
    if (typeof person.company_id === 'string') companiesWithPeople.add(person.company_id);
  }
  let contacts = people;
  for await (const company of reader.records('companies.jsonl')) if (!companiesWithPeople.has(company.id as string)) contacts++;
  const { account } = await work.scope.details();
  const plan = await work.globalEm.findOneOrFail(Plan, { code: account.planCode });
  if (contacts > plan.maxContacts) {
    throw new KontorError(
      ErrorCode.PLAN_LIMIT_REACHED,
      `The package holds ${contacts} contacts; your package (${plan.name}) allows ${plan.maxContacts}. Upgrade the package first.`,
      { limit: 'contacts', max: plan.maxContacts, requested: contacts },
    );
  }
  let bytes = 0;
  for await (const file of reader.records('files.jsonl')) if (typeof file.path === 'string' && reader.has(file.path)) bytes += reader.size(file.path);
  await assertStorageFits(work, bytes, { lock: true });
}

/** Each user the package names -> an active member here with the same e-mail, or the importing user. */
async function userMapping(work: UnitOfWork, reader: PackageReader): Promise<{ of: (id: unknown) => unknown; mapped: { name: string; email: string }[] }> {
  const members = await work.globalEm.execute<{ id: string; email: string }[]>(
    `select u.id, lower(u.email) as email from membership m join app_user u on u.id = m.user_id where m.account_id = ? and m.status = 'ACTIVE'`,
    [work.scope.accountId],
  );
  const memberByEmail = new Map(members.map((member) => [member.email, member.id]));
  const byId = new Map<string, string>();
  const mapped: { name: string; email: string }[] = [];
  for await (const user of reader.records(usersFile)) {
    if (typeof user.id !== 'string' || typeof user.email !== 'string') continue;
    const member = memberByEmail.get(user.email.toLowerCase());
    byId.set(user.id, member ?? work.userId);
    if (!member) mapped.push({ name: String(user.name ?? ''), email: user.email });
  }
  return { of: (id) => (typeof id === 'string' ? (byId.get(id) ?? work.userId) : id), mapped };
}

/** The columns a row of `table` is written with: every column but the generated ones and what is derived afterwards. */
async function insertableColumns(work: UnitOfWork, table: string): Promise<string[]> {
  const rows = await work.scope.query<{ name: string }>(
    `select attname as name from pg_attribute where attrelid = ?::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
    [table],
  );
  return rows.map((row) => row.name).filter((name) => name !== 'company_name' && name !== 'custom_text');
}

async function rowOf(
  file: RecordFile,
  record: Record<string, unknown>,
  maps: { ids: Map<string, string>; remap: (value: unknown) => unknown; users: (id: unknown) => unknown; fieldColumns: Map<string, string> },
): Promise<Record<string, unknown>> {
  const { ids, remap, users, fieldColumns } = maps;
  if (typeof record.id !== 'string' || !uuid.test(record.id)) throw badUserInput('file', `${file.name}: a record without an ID.`);
  ids.set(record.id.toLowerCase(), randomUUID());
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'custom_fields' || key === 'path' || key in (file.links ?? {})) continue;
    row[key] = userColumns.includes(key) ? users(value) : remap(value);
  }
  if (file.custom && record.custom_fields && typeof record.custom_fields === 'object') {
    for (const [fieldId, value] of Object.entries(record.custom_fields as Record<string, unknown>)) {
      const column = fieldColumns.get(ids.get(fieldId.toLowerCase()) ?? '');
      if (column) row[column] = remap(value);
    }
  }
  return row;
}

/** A custom field of the package as a new field here: a new ID, column and choice IDs, its column made through the account's one door to DDL. */
async function createField(work: UnitOfWork, record: Record<string, unknown>, ids: Map<string, string>, fieldColumns: Map<string, string>): Promise<void> {
  const table = record.record_type as CustomTable;
  const type = record.type as CustomFieldType;
  if (!['person', 'company', 'deal'].includes(table) || !kinds[type] || typeof record.id !== 'string') throw badUserInput('file', 'custom_fields.jsonl: a field of an unknown record type or type.');
  const id = randomUUID();
  ids.set(record.id.toLowerCase(), id);
  const choices = (Array.isArray(record.choices) ? record.choices : []).map((choice: Record<string, unknown>) => {
    const choiceId = randomUUID();
    if (typeof choice.id === 'string') ids.set(choice.id.toLowerCase(), choiceId);
    return { ...choice, id: choiceId };
  });
  const column = `cf_${id.replace(/-/g, '').slice(0, 12)}`;
  await work.scope.query(
    `insert into custom_field (id, record_type, name, description, type, position, show_in_list, currency, choices, column_name, created_at)
     values (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, coalesce(?::timestamptz, now()))`,
    [id, table, record.name, record.description ?? null, type, record.position ?? 0, record.show_in_list ?? false, record.currency ?? null, JSON.stringify(choices), column, record.created_at ?? null],
  );
  await work.scope.query('select kontor_custom_column(?, ?, ?, ?)', ['add', table, column, kinds[type].column]);
  fieldColumns.set(id, column);
}
