import { User } from '../auth/user.entity.js';
import { maxPageSize } from '../crm/common/connection.js';
import { pgArray } from '../crm/common/loaders.js';
import { listCompanies } from '../crm/companies/company.service.js';
import type { CompanyFilter } from '../crm/companies/company.types.js';
import { listDeals } from '../crm/deals/deal.service.js';
import type { DealFilter } from '../crm/deals/deal.types.js';
import { listPeople } from '../crm/people/person.service.js';
import type { PersonFilter } from '../crm/people/person.types.js';
import { listTasks } from '../crm/tasks/task.service.js';
import type { TaskFilter } from '../crm/tasks/task.types.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import type { PageSelection } from '../crm/common/selection.js';
import { customValuesOf } from '../customfields/custom-field-values.js';
import { ExportList, type ExportRow, type PageLookups } from './export-columns.js';
import { recordTypeOfList } from './export-custom-columns.js';

export type ExportFilter = PersonFilter | CompanyFilter | DealFilter | TaskFilter;

interface ExportPage {
  rows: ExportRow[];
  lookups: PageLookups;
  /** Where the next page starts; undefined after the last. */
  after: string | undefined;
}

/** Lists and their tag tables (tasks have no tags). */
const tagTable: Partial<Record<ExportList, 'person' | 'company' | 'deal'>> = {
  [ExportList.PEOPLE]: 'person',
  [ExportList.COMPANIES]: 'company',
  [ExportList.DEALS]: 'deal',
};

/**
 * One page of a list for an export, in the list's own order and with its
 * filter (exactly what the list shows), with the names its rows refer to.
 * Read through the list services, so under the account's role as every read.
 */
export async function exportPage(work: UnitOfWork, list: ExportList, filter: ExportFilter | undefined, after: string | undefined, customValues = false): Promise<ExportPage> {
  const args = { first: maxPageSize, after, selection: { columns: undefined, cursors: true, pageInfo: true } };
  const page = await listOf(work, list, filter, args);
  const rows = page.edges.map((edge) => edge.node as ExportRow);
  return {
    rows,
    lookups: await lookupsOf(work, list, rows, customValues),
    after: page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined,
  };
}

function listOf(work: UnitOfWork, list: ExportList, filter: ExportFilter | undefined, args: { first: number; after: string | undefined; selection: PageSelection }) {
  switch (list) {
    case ExportList.PEOPLE:
      return listPeople(work, { ...args, filter: filter as PersonFilter });
    case ExportList.COMPANIES:
      return listCompanies(work, { ...args, filter: filter as CompanyFilter });
    case ExportList.DEALS:
      return listDeals(work, { ...args, filter: filter as DealFilter });
    case ExportList.TASKS:
      return listTasks(work, { ...args, filter: filter as TaskFilter });
  }
}

/** The IDs there are, each once, as a PostgreSQL array literal. */
const uuidArray = (ids: Iterable<string | null | undefined>) => pgArray([...new Set([...ids].filter((id): id is string => !!id))]);

/** The names a page's rows refer to, and (`customValues`) their custom values, read once for the page. */
export async function lookupsOf(work: UnitOfWork, list: ExportList, rows: ExportRow[], customValues = false): Promise<PageLookups> {
  const lookups: PageLookups = { users: new Map(), tags: new Map(), names: new Map(), custom: new Map() };
  if (rows.length === 0) return lookups;
  const recordType = recordTypeOfList[list];
  if (customValues && recordType) {
    const ids = rows.map((row) => row.id);
    const values = await customValuesOf(work.scope, recordType, ids);
    ids.forEach((id, i) => lookups.custom.set(id, values[i]!));
  }
  const field = <K extends string>(key: K) => rows.map((row) => (row as Partial<Record<K, string | null>>)[key]);

  const userIds = [...field('responsibleUserId'), ...field('assigneeUserId')].filter((id): id is string => !!id);
  if (userIds.length > 0) {
    const users = await work.globalEm.find(User, { id: { $in: [...new Set(userIds)] } }, { fields: ['id', 'name'] });
    for (const user of users) lookups.users.set(user.id, user.name);
  }

  const table = tagTable[list];
  if (table) {
    const tagged = await work.scope.query<{ id: string; names: string[] }>(
      `select x.${table}_id as id, array_agg(t.name order by lower(t.name)) as names from ${table}_tag x join tag t on t.id = x.tag_id
       where x.${table}_id = any(?::uuid[]) group by x.${table}_id`,
      [uuidArray(rows.map((row) => row.id))],
    );
    for (const row of tagged) lookups.tags.set(row.id, row.names);
  }

  const named = async (sql: string, ids: (string | null | undefined)[]) => {
    if (!ids.some(Boolean)) return;
    for (const row of await work.scope.query<{ id: string; name: string }>(sql, [uuidArray(ids)])) lookups.names.set(row.id, row.name);
  };
  if (list === ExportList.DEALS) {
    await named(`select id, name from pipeline where id = any(?::uuid[])`, field('pipelineId'));
    await named(`select id, name from phase where id = any(?::uuid[])`, field('phaseId'));
  }
  if (list === ExportList.TASKS) {
    await named(`select id, trim(first_name || ' ' || last_name) as name from person where id = any(?::uuid[])`, field('personId'));
    await named(`select id, name from company where id = any(?::uuid[])`, field('companyId'));
    await named(`select id, title as name from deal where id = any(?::uuid[])`, field('dealId'));
  }
  return lookups;
}
