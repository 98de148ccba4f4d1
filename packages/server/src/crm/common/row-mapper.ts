import type { EntityClass, MetadataStorage } from '@mikro-orm/core';

/**
 * Turns raw rows of an account table into read-only views shaped like its
 * entity, for GraphQL to read, without the ORM's hydration and identity map:
 * a page of 100 rows is read-only here, and hydrating it costs more than the
 * query. A view converts a column only when its field is read (a page usually
 * asks for a few of a record's twenty fields, and parsing two timestamps per
 * row that nobody asked for was a tenth of a list request). Writes go through
 * `em.findOne` and the unit of work as usual.
 */
export interface RowMapper<T> {
  /** A view of a row read as an object, keyed by column name. */
  (row: Record<string, unknown>): T;
  /** Views of rows read as arrays of column values (`AccountScope.table`), the columns named by `columns`. */
  forColumns(columns: string[]): (row: unknown[]) => T;
  /** Every column the entity maps (the search vector is none of them): what a read selects when it needs all. */
  readonly columns: readonly string[];
}

export function rowMapper<T extends object>(metadata: MetadataStorage, entity: EntityClass<T>): RowMapper<T> {
  let mapper = mappers.get(entity) as RowMapper<T> | undefined;
  if (!mapper) {
    mapper = newRowMapper(metadata, entity);
    mappers.set(entity, mapper);
  }
  return mapper;
}

const mappers = new WeakMap<object, RowMapper<unknown>>();

function newRowMapper<T extends object>(metadata: MetadataStorage, entity: EntityClass<T>): RowMapper<T> {
  const columns = columnsOf(metadata, entity);
  const ByName = viewClass<T>(entity, columns, (column) => column);
  const byColumnList = new Map<string, new (row: unknown[]) => T>();
  const mapper = ((row: Record<string, unknown>) => new ByName(row)) as RowMapper<T>;
  mapper.forColumns = (names) => {
    const key = names.join(',');
    let ByIndex = byColumnList.get(key);
    if (!ByIndex) {
      ByIndex = viewClass<T>(entity, columns, (column) => names.indexOf(column));
      byColumnList.set(key, ByIndex);
    }
    const View = ByIndex;
    return (row) => new View(row);
  };
  Object.defineProperty(mapper, 'columns', { value: columns.map((c) => c.column) });
  return mapper;
}

/** The entity's properties stored in one column each, with how to convert that column's value. */
function columnsOf(metadata: MetadataStorage, entity: EntityClass<unknown>): { property: string; column: string; kind: Kind }[] {
  return Object.values(metadata.get(entity.name).properties)
    .filter((prop) => prop.fieldNames?.length === 1)
    .map((prop) => ({ property: prop.name, column: prop.fieldNames[0]!, kind: kindOf(prop.columnTypes?.[0] ?? String(prop.type)) }));
}

/**
 * A class whose instances hold a row and read each entity property from its
 * column (`keyOf` gives its key in the row: a name or an index), converted on access.
 */
function viewClass<T>(
  entity: EntityClass<T>,
  columns: { property: string; column: string; kind: Kind }[],
  keyOf: (column: string) => string | number,
): new (row: RowData) => T {
  const View = class {
    constructor(readonly row: RowData) {}
  };
  Object.defineProperty(View, 'name', { value: `${entity.name}Row` });
  // An instance of the entity as far as `instanceof` goes: type-graphql hands a root that is not one to
  // `@Root()` parameters as a fresh entity (constructor, defaults and all) with the root's own fields copied in.
  Object.setPrototypeOf(View.prototype, entity.prototype);
  for (const { property, column, kind } of columns) {
    const key = keyOf(column);
    if (key === -1) {
      // Not selected (selection.ts): a field that reads it was left out of the selection's rules, which must fail loudly.
      Object.defineProperty(View.prototype, property, {
        get() {
          throw new Error(`${entity.name}.${property}: the column ${column} was not selected`);
        },
      });
      continue;
    }
    Object.defineProperty(View.prototype, property, {
      enumerable: true,
      get(this: { row: Record<string | number, unknown> }) {
        const value = this.row[key];
        // A row read as an object that lacks the column: it was not selected (selection.ts), as above.
        if (value === undefined && !(key in this.row)) throw new Error(`${entity.name}.${property}: the column ${column} was not selected`);
        return value === null || value === undefined || kind === 'other' ? value : convert(kind, value);
      },
    });
  }
  return View as unknown as new (row: RowData) => T;
}

/** A row as pg hands it over: an object keyed by column name, or (rowMode 'array') the column values in order. */
type RowData = Record<string, unknown> | unknown[];

type Kind = 'date' | 'datetime' | 'bigint' | 'other';

function kindOf(columnType: string): Kind {
  if (columnType === 'date') return 'date';
  if (columnType.startsWith('timestamp')) return 'datetime';
  if (columnType === 'bigint' || columnType === 'int8') return 'bigint';
  return 'other';
}

function convert(kind: Kind, value: unknown): unknown {
  if (kind === 'bigint') return Number(value);
  // The ORM has pg hand timestamps over as text (it parses them itself); GraphQL's DateTime wants a Date.
  if (kind === 'datetime' && !(value instanceof Date)) return new Date(value as string);
  // pg parses a `date` into a local-midnight Date; the API speaks YYYY-MM-DD.
  if (kind === 'date' && value instanceof Date) {
    return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  }
  return value;
}
