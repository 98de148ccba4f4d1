import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { isUuid } from '../../db/ids.js';
import { badUserInput } from '../../errors/errors.js';
import { maxPageSize } from '../../graphql/page-size.js';

/** Relay's PageInfo (https://relay.dev/graphql/connections.htm), for lists that page forward only (`first`, `after`). */
@ObjectType({ description: 'Where a page of a list starts and ends, for cursor pagination (the Relay connection spec).' })
export class PageInfo {
  @Field({ description: 'True when more items follow: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field({
    description: 'Always false: lists page forward only (`first`, `after`), and the Relay spec lets a forward page answer false rather than look for earlier items.',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first item of this page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last item of this page; null when the page is empty.' })
  endCursor!: string | null;
}

export interface Page<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  /** Counted only when asked for. */
  totalCount: Promise<number>;
}

/** A Relay connection type for `node`: `edges { node cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount`. */
export function Connection<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with the cursor that continues the list after it.` })
  class Edge {
    @Field(() => node)
    node!: T;

    @Field({ description: 'Pass as `after` to continue after this item.' })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class PageOf {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match the filter, across all pages.' })
    totalCount!: Promise<number>;
  }
  return PageOf;
}

export { maxPageSize };

export function pageSize(first: number | undefined): number {
  const size = first ?? 25;
  if (!Number.isInteger(size) || size < 1 || size > maxPageSize) throw badUserInput('first', `first must be between 1 and ${maxPageSize}.`);
  return size;
}

/** Cursors are opaque to clients: the sort key of the last item, as text so no precision is lost. */
export function encodeCursor(values: (string | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** How a sort key travels in a cursor: as PostgreSQL writes the key's type as text. */
export type SortKeyType = 'uuid' | 'text' | 'timestamptz' | 'date' | 'bigint' | 'numeric' | 'boolean';

/**
 * The sort keys a cursor holds, each checked against its key's type: a
 * client can send any text as a cursor, and a value PostgreSQL cannot cast
 * must be refused here, as bad input, not by the database.
 */
export function decodeCursor(cursor: string, types: readonly SortKeyType[], nullable: readonly boolean[] = []): (string | null)[] {
  if (cursor.length <= 4_000) {
    try {
      const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      const fits = (v: unknown, i: number) => (v === null ? nullable[i] === true : typeof v === 'string' && fitsSortKey(v, types[i]!));
      if (Array.isArray(values) && values.length === types.length && values.every(fits)) {
        return values as (string | null)[];
      }
    } catch {
      // fall through to the typed error
    }
  }
  throw badUserInput('after', 'The cursor is not valid for this list and order.');
}

const datePart = /^(\d{4})-(\d{2})-(\d{2})/;
const timestampText = /^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

function fitsSortKey(value: string, type: SortKeyType): boolean {
  if (value.length > 1_000 || value.includes('\u0000')) return false;
  switch (type) {
    case 'text':
      return true;
    case 'uuid':
      return isUuid(value);
    case 'numeric':
      return /^-?\d{1,20}(\.\d{1,20})?$/.test(value);
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'bigint':
      return /^-?\d{1,19}$/.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n;
    case 'date':
      return value === 'infinity' || value === '-infinity' || (value.length === 10 && isCalendarDate(value));
    case 'timestamptz':
      return value === 'infinity' || value === '-infinity' || (timestampText.test(value) && isCalendarDate(value));
  }
}

/** Whether the text starts with a YYYY-MM-DD date that exists (no 31 February). */
function isCalendarDate(text: string): boolean {
  const [, year, month, day] = datePart.exec(text) ?? [];
  if (!year) return false;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}
