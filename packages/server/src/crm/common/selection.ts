import type { EntityClass, MetadataStorage } from '@mikro-orm/core';
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { createParameterDecorator } from 'type-graphql';
import type { RequestContext } from '../../request/context.js';

/**
 * Which columns of a record's table a query needs, read from the fields it
 * selects: a list or a record reads those and nothing else (never the search
 * vector, never the address when no one asked for it). A field is either a
 * column of the entity (`firstName` → `first_name`), a relation through a
 * column named after it (`company` → `company_id`), one of the fields below,
 * or unknown: then every column is read, so a new field resolver is never
 * handed a row without what it reads. The row views (row-mapper.ts) throw when
 * a field reads a column that was not selected, so a wrong entry here fails
 * loudly in the tests instead of answering null.
 */
const fieldColumns: Record<string, string[]> = {
  address: ['street', 'postal_code', 'city', 'country'],
  assignee: ['assignee_user_id'],
  author: ['created_by'],
  value: ['value_cents', 'currency'],
  __typename: [],
  // Lists of related records, loaded by the record's ID.
  tags: [],
  people: [],
  timeline: [],
  tasks: [],
  notes: [],
  phases: [],
  customFields: [],
};

/** The fields selected under a resolved field, by name (aliases merged), with @skip/@include applied. */
export type Selection = Map<string, ResolveTree[]>;

/** What a connection field (`edges { node cursor } pageInfo totalCount`) asks of its list. */
export interface PageSelection {
  /** The columns its nodes need; undefined: all of them. */
  columns: string[] | undefined;
  /** Whether `cursor`, `startCursor` or `endCursor` are selected: only then are the sort keys read as cursors. */
  cursors: boolean;
  /** Whether `pageInfo` is selected: only then is one row more read, to tell `hasNextPage`. */
  pageInfo: boolean;
}

/** The columns a single record or a list of records needs, for the field being resolved. */
export function recordColumns(info: GraphQLResolveInfo, metadata: MetadataStorage, entity: EntityClass<unknown>): string[] | undefined {
  return cached(info, () => columnsFor(metadata, entity, selectionOf(treeOf(info)).keys()));
}

/** What a connection field asks for (see PageSelection). */
export function pageSelection(info: GraphQLResolveInfo, metadata: MetadataStorage, entity: EntityClass<unknown>): PageSelection {
  return cached(info, () => {
    const page = selectionOf(treeOf(info));
    const edges = merged(page.get('edges'));
    const pageInfo = merged(page.get('pageInfo'));
    return {
      columns: columnsFor(metadata, entity, merged(edges.get('node')).keys()),
      cursors: edges.has('cursor') || pageInfo.has('startCursor') || pageInfo.has('endCursor'),
      pageInfo: pageInfo.size > 0,
    };
  });
}

/** The columns the selected fields need, `id` always among them; undefined when a field is unknown (then all are read). */
export function columnsFor(metadata: MetadataStorage, entity: EntityClass<unknown>, fields: Iterable<string>): string[] | undefined {
  const properties = metadata.get(entity.name).properties as Record<string, { fieldNames?: string[] }>;
  const columns = new Set(['id']);
  for (const field of fields) {
    const own = fieldColumns[field] ?? properties[field]?.fieldNames ?? properties[`${field}Id`]?.fieldNames;
    if (!own) return undefined;
    for (const column of own) columns.add(column);
  }
  return [...columns];
}

function treeOf(info: GraphQLResolveInfo): ResolveTree {
  return parseResolveInfo(info) as ResolveTree;
}

function selectionOf(tree: ResolveTree): Selection {
  const fields: Selection = new Map();
  for (const byAlias of Object.values(tree.fieldsByTypeName)) {
    for (const field of Object.values(byAlias)) fields.set(field.name, [...(fields.get(field.name) ?? []), field]);
  }
  return fields;
}

/** The fields selected under every occurrence of a field (`edges` asked twice under two aliases, say). */
function merged(trees: ResolveTree[] | undefined): Selection {
  const fields: Selection = new Map();
  for (const tree of trees ?? []) for (const [name, subtrees] of selectionOf(tree)) fields.set(name, [...(fields.get(name) ?? []), ...subtrees]);
  return fields;
}

/**
 * What a field selects is worked out once per compiled document, not once per
 * request. graphql-jit compiles each document once (compiled-query-cache.ts)
 * and hands every execution of it the same `fieldNodes` array for the same
 * field, so those arrays key the answers across requests. The answer depends
 * on the variables only through `@skip`/`@include`: a field whose selection
 * (its fragments included) has either is worked out once per request instead
 * (keyed by the request's variables too), and so is a field of a list (a
 * person's `company` on a page of 50), resolved once per item with the same
 * field nodes and variables. Field nodes executed by graphql-js's interpreter
 * (mutations) are new arrays on every execution: they miss, as before. The
 * answers are frozen, for they are shared.
 */
const answers = new WeakMap<readonly FieldNode[], Answer>();

interface Answer {
  parentType: GraphQLResolveInfo['parentType'];
  returnType: GraphQLResolveInfo['returnType'];
  /** The request's variables the answer holds for, or `anyVariables` when the selection has no @skip/@include. */
  variables: unknown;
  value: unknown;
}

const anyVariables = Symbol('any variables');

function cached<T>(info: GraphQLResolveInfo, work: () => T): T {
  const known = answers.get(info.fieldNodes);
  if (
    known &&
    known.parentType === info.parentType &&
    known.returnType === info.returnType &&
    (known.variables === anyVariables || known.variables === info.variableValues)
  ) {
    return known.value as T;
  }
  const value = deepFreeze(work());
  const variables = conditional(info.fieldNodes, info.fragments, new Set()) ? info.variableValues : anyVariables;
  answers.set(info.fieldNodes, { parentType: info.parentType, returnType: info.returnType, variables, value });
  return value;
}

/** Whether a selection, its inline fragments or the fragments it spreads carry @skip or @include anywhere. */
function conditional(nodes: readonly SelectionNode[], fragments: GraphQLResolveInfo['fragments'], seen: Set<string>): boolean {
  for (const node of nodes) {
    if (node.directives?.some((directive) => directive.name.value === 'skip' || directive.name.value === 'include')) return true;
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      const name = node.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      const fragment = fragments[name];
      if (fragment && conditional(fragment.selectionSet.selections, fragments, seen)) return true;
    } else if (node.selectionSet && conditional(node.selectionSet.selections, fragments, seen)) {
      return true;
    }
  }
  return false;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** The resolver's parameter: what the connection field being resolved asks of its list of `entity`. */
export const SelectedPage = (entity: EntityClass<unknown>) =>
  createParameterDecorator<RequestContext>(({ info, context }): PageSelection => pageSelection(info, context.orm.getMetadata(), entity));

/** The resolver's parameter: the columns of `entity` the record (or list of records) being resolved needs. */
export const SelectedColumns = (entity: EntityClass<unknown>) =>
  createParameterDecorator<RequestContext>(({ info, context }): string[] | undefined => recordColumns(info, context.orm.getMetadata(), entity));
