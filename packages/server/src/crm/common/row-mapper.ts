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
export function rowMapper<T extends object>(metadata: MetadataStorage, entity: EntityClass<T>): (row: Record<string, unknown>) => T {
  let View = views.get(entity) as (new (row: Record<string, unknown>) => T) | undefined;
  if (!View) {
    View = viewClass(metadata, entity);
    views.set(entity, View);
  }
  const Class = View;
  return (row) => new Class(row);
}

const views = new WeakMap<object, new (row: Record<string, unknown>) => unknown>();

/** A class whose instances hold a row and read each entity property from its column, converted on access. */
function viewClass<T>(metadata: MetadataStorage, entity: EntityClass<T>): new (row: Record<string, unknown>) => T {
  const View = class {
    constructor(readonly row: Record<string, unknown>) {}
  };
  Object.defineProperty(View, 'name', { value: `${entity.name}Row` });
  // An instance of the entity as far as `instanceof` goes: type-graphql hands a root that is not one to
  // `@Root()` parameters as a fresh entity (constructor, defaults and all) with the root's own fields copied in.
  Object.setPrototypeOf(View.prototype, entity.prototype);
  for (const prop of Object.values(metadata.get(entity.name).properties)) {
    if (prop.fieldNames?.length !== 1) continue;
    const column = prop.fieldNames[0]!;
    const kind = kindOf(prop.columnTypes?.[0] ?? String(prop.type));
    Object.defineProperty(View.prototype, prop.name, {
      enumerable: true,
      get(this: { row: Record<string, unknown> }) {
        const value = this.row[column];
        return value === null || value === undefined || kind === 'other' ? value : convert(kind, value);
      },
    });
  }
  return View as unknown as new (row: Record<string, unknown>) => T;
}

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
