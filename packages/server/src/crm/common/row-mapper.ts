import type { EntityClass, EntityManager } from '@mikro-orm/core';

/**
 * Turns raw rows of an account table into plain objects shaped like its
 * entity, for GraphQL to read, without the ORM's hydration and identity map:
 * a page of 100 rows is read-only here, and hydrating it costs more than the
 * query. (Not instances of the entity class either: the ORM's property
 * setters on its prototype cost as much again.) Writes go through
 * `em.findOne` and the unit of work as usual.
 */
export function rowMapper<T extends object>(em: EntityManager, entity: EntityClass<T>): (row: Record<string, unknown>) => T {
  const cached = mappers.get(entity);
  if (cached) return cached as (row: Record<string, unknown>) => T;
  const props = Object.values(em.getMetadata().get(entity.name).properties)
    .filter((prop) => prop.fieldNames?.length === 1)
    .map((prop) => ({ name: prop.name, column: prop.fieldNames[0]!, kind: kindOf(prop.columnTypes?.[0] ?? String(prop.type)) }));
  const mapper = (row: Record<string, unknown>): T => {
    const instance: Record<string, unknown> = {};
    for (const { name, column, kind } of props) {
      const value = row[column];
      instance[name] = value === null || value === undefined ? value : convert(kind, value);
    }
    return instance as T;
  };
  mappers.set(entity, mapper);
  return mapper;
}

const mappers = new WeakMap<object, (row: Record<string, unknown>) => unknown>();

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
