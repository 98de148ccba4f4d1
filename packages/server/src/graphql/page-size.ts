/**
 * The most items one list returns: a page of a connection and every list
 * relation (`first` ≤ 100). The cost of a query (query-cost.ts) counts a list
 * without `first` as this many.
 */
export const maxPageSize = 100;
