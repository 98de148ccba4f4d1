import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badUserInput } from '../../graphql/errors.js';
import { maxPageSize } from '../../graphql/page-size.js';

@ObjectType({ description: 'Where a page of a list ends, for cursor pagination.' })
export class PageInfo {
  @Field({ description: 'True when more items follow: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last item of this page.' })
  endCursor!: string | null;
}

export interface Page<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  /** Counted only when asked for. */
  totalCount: Promise<number>;
}

/** A Relay-style connection type for `node`: `edges { node cursor } pageInfo { hasNextPage endCursor } totalCount`. */
export function Connection<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
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
export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'string')) return values as string[];
  } catch {
    // fall through to the typed error
  }
  throw badUserInput('after', 'The cursor is not valid for this list and order.');
}
