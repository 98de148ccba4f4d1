import type { AccountScope } from '../../request/account-scope.js';
import { decodeCursor, encodeCursor, pageSize, type Page, type SortKeyType } from './connection.js';
import type { RowMapper } from './row-mapper.js';
import type { PageSelection } from './selection.js';
import { quoteIdent } from '../../db/sql.js';
import { isUuid } from '../../db/ids.js';

/** Conditions and their parameters, built up by a list's filters. */
export class Where {
  readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  add(condition: string, ...params: unknown[]): this {
    this.conditions.push(condition);
    this.params.push(...params);
    return this;
  }

  sql(): string {
    return this.conditions.length === 0 ? 'true' : this.conditions.join(' and ');
  }
}

/** An order of a list: SQL expressions with their types, ending with a unique one (the id), all in one direction. */
export interface SortOrder {
  /** Only the first key may be `nullable` (a custom field's column): its empty rows come last ascending, first descending, as PostgreSQL sorts them. */
  keys: { sql: string; type: SortKeyType; nullable?: boolean }[];
  direction: 'asc' | 'desc';
}

/**
 * One page of `table` (alias `t`), with keyset pagination: the cursor holds
 * the last row's sort keys, and the next page starts strictly after them, so
 * pages stay stable while rows are added.
 */
export async function listPage<T extends object>(
  scope: AccountScope,
  options: {
    table: string;
    where: Where;
    order: SortOrder;
    first: number | undefined;
    after: string | undefined;
    toNode: RowMapper<T>;
    /** What the query selects of the page (selection.ts); without it, every column, the cursors and one row more. */
    selection?: PageSelection;
  },
): Promise<Page<T>> {
  const size = pageSize(options.first);
  const { keys, direction } = options.order;
  const where = new Where();
  where.conditions.push(...options.where.conditions);
  where.params.push(...options.where.params);
  if (options.after) {
    const values = decodeCursor(options.after, keys.map((key) => key.type), keys.map((key) => key.nullable === true));
    where.add(...afterCursor(keys, direction, values));
  }
  const orderBy = keys.map((key) => `${key.sql} ${direction}`).join(', ');
  const { selection } = options;
  const selected = (selection?.columns ?? options.toNode.columns).map((column) => `t.${quoteIdent(column)}`);
  const cursors = selection?.cursors ?? true;
  if (cursors) selected.push(...keys.map((key, i) => `(${key.sql})::text as "__cursor${i}"`));
  // One row more tells whether another page follows; only `pageInfo` says so.
  const limit = (selection?.pageInfo ?? true) ? size + 1 : size;
  // A page without filters comes again and again, and its parameters' types are plain (a cursor's are cast); a
  // filter's may not be, and a filtered page repeats less. Its limit is written in, not a parameter: with `limit $n`
  // PostgreSQL's plan for any limit assumes a tenth of the table, and it went on planning each execution anew.
  const prepare = options.where.conditions.length === 0;
  const { columns, rows } = await scope.table(
    `select ${selected.join(', ')} from ${options.table} t where ${where.sql()} order by ${orderBy} limit ${prepare ? String(Math.trunc(limit)) : '?'}`,
    prepare ? where.params : [...where.params, limit],
    { prepare },
  );
  const toNode = options.toNode.forColumns(columns);
  const cursorAt = keys.map((_, i) => columns.indexOf(`__cursor${i}`));
  const pageRows = rows.length > size ? rows.slice(0, size) : rows;
  const edges = pageRows.map((row) => ({
    node: toNode(row),
    // Unselected, the cursor is never read (a page without cursors has no use for them).
    cursor: cursors ? encodeCursor(cursorAt.map((index) => row[index] as string)) : '',
  }));
  return new CountedPage(
    edges,
    {
      hasNextPage: rows.length > size,
      // Pages go forward only: whether items precede `after` would cost a query of its own (the Relay spec allows false).
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    scope,
    `select count(*) as count from ${options.table} t where ${options.where.sql()}`,
    options.where.params,
  );
}

/**
 * A page whose `totalCount` costs a query of its own (`countSql`, answering `count`), run only when the field is
 * read. A class with the getter on its prototype: an object literal with a getter closing over the request kept
 * every finished request alive through V8's young-generation collections, so all it reached was promoted to the old
 * generation (sql-list.test.ts; graphql/apollo-gateway-retention.test.ts tells why).
 */
export class CountedPage<T> implements Page<T> {
  private counting: Promise<number> | undefined = undefined;

  constructor(
    readonly edges: Page<T>['edges'],
    readonly pageInfo: Page<T>['pageInfo'],
    private readonly scope: AccountScope,
    private readonly countSql: string,
    private readonly countParams: unknown[],
  ) {}

  get totalCount(): Promise<number> {
    return (this.counting ??= this.scope.query<{ count: string }>(this.countSql, this.countParams).then(([row]) => Number(row!.count)));
  }
}

/** The condition for rows strictly after the cursor's `values` in the order of `keys`. */
function afterCursor(keys: SortOrder['keys'], direction: 'asc' | 'desc', values: (string | null)[]): [string, ...unknown[]] {
  const comparison = direction === 'asc' ? '>' : '<';
  const tuple = (from: number) => `(${keys.slice(from).map((k) => k.sql).join(', ')}) ${comparison} (${keys.slice(from).map((k) => `?::${k.type}`).join(', ')})`;
  const [first] = keys;
  if (!first?.nullable) return [tuple(0), ...values];
  const rest = values.slice(1);
  // Ascending, empty values come last; descending, first (PostgreSQL's own null order, which its indexes serve both ways).
  if (values[0] === null) {
    return direction === 'asc' ? [`(${first.sql} is null and ${tuple(1)})`, ...rest] : [`(${first.sql} is not null or ${tuple(1)})`, ...rest];
  }
  return direction === 'asc' ? [`(${first.sql} is null or ${tuple(0)})`, ...values] : [`(${first.sql} is not null and ${tuple(0)})`, ...values];
}

/**
 * One record of `table` by ID, for reading, with the `columns` the query
 * needs (selection.ts; all when undefined), straight on the request's
 * connection: no entity manager. Null when there is none (or the ID is no UUID).
 */
export async function recordById<T extends object>(scope: AccountScope, table: string, id: string, toRecord: RowMapper<T>, columns?: readonly string[]): Promise<T | null> {
  if (!isUuid(id)) return null;
  const selected = (columns ?? toRecord.columns).map((column) => `t.${quoteIdent(column)}`).join(', ');
  const [row] = await scope.query(`select ${selected} from ${table} t where t.id = ?::uuid`, [id]);
  return row ? toRecord(row) : null;
}
