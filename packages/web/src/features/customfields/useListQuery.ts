import { useQuery } from '@apollo/client/react';
import { CustomFieldsDocument, type CustomFieldCondition, type CustomFieldOrder, type CustomFieldRecordType } from '@kontor/sdk';
import { useSearchParams } from 'react-router';
import { useDebounced } from '../../ui/useDebounced';
import { conditionsOf, filtersOfParams, paramsWithFilters, type ListFilter } from './custom-filters';

/** A list's order as the URL keeps it: a built-in order (`NAME_DESC`) or a custom field (`cf.<field ID>.DESC`). */
export interface ListSorting<Order extends string> {
  /** The order by a custom field, when one is chosen. */
  sort: CustomFieldOrder | undefined;
  /** The built-in order, when one other than the list's default is chosen. */
  orderBy: Order | undefined;
  /** The URL's value, '' for the list's default order. */
  value: string;
  set(value: string): void;
  /** Sorts by a custom field; the same field again turns the direction round. */
  toggle(fieldId: string): void;
}

const customSortPattern = /^cf\.([0-9a-f-]+)\.(ASC|DESC)$/;

/**
 * What a list shows, kept in the URL so a link or a reload shows the same
 * rows: the search words (`q`), the custom-field filters (`cf`, see
 * custom-filters.ts) and the order (`sort`). `filter` is what the list query
 * and its export take; `ready` is false while the fields a filter names are
 * still loading (a query then would show unfiltered rows for a moment).
 */
export function useListQuery<Order extends string>(recordType: CustomFieldRecordType, orders: readonly Order[]) {
  const [params, setParams] = useSearchParams();
  const fields = useQuery(CustomFieldsDocument, { variables: { recordType } });
  const definitions = fields.data?.customFields ?? [];
  const change = (next: (old: URLSearchParams) => URLSearchParams) => setParams((old) => next(old), { replace: true });
  /** Sets one parameter, or removes it when empty (the list's default). */
  const setParam = (name: string, next: string) =>
    change((old) => {
      const updated = new URLSearchParams(old);
      if (next) updated.set(name, next);
      else updated.delete(name);
      return updated;
    });

  const text = params.get('q') ?? '';
  const query = useDebounced(text.trim());
  const filters = filtersOfParams(params);
  const conditions: CustomFieldCondition[] = conditionsOf(filters, definitions);
  const filter = query || conditions.length > 0 ? { ...(query ? { text: query } : {}), ...(conditions.length > 0 ? { customFields: conditions } : {}) } : undefined;

  const value = params.get('sort') ?? '';
  const custom = customSortPattern.exec(value);
  const setSort = (next: string) => setParam('sort', next);
  const sorting: ListSorting<Order> = {
    sort: custom ? { fieldId: custom[1]!, direction: custom[2] as 'ASC' | 'DESC' } : undefined,
    orderBy: orders.includes(value as Order) ? (value as Order) : undefined,
    value,
    set: setSort,
    toggle: (fieldId) => setSort(custom?.[1] === fieldId && custom[2] === 'ASC' ? `cf.${fieldId}.DESC` : `cf.${fieldId}.ASC`),
  };

  return {
    text,
    setText: (next: string) => setParam('q', next),
    /** Whether the list is narrowed (by words or by a custom field), for "no match" rather than "empty". */
    narrowed: filter !== undefined,
    filters,
    setFilters: (next: ListFilter[]) => change((old) => paramsWithFilters(old, next)),
    filter,
    fields: definitions,
    ready: filters.length === 0 || fields.data !== undefined,
    sorting,
  };
}

export type ListQuery = ReturnType<typeof useListQuery>;
