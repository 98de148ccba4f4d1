import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, getNamedType, getNullableType, isLeafType, isListType, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
// The CommonJS build: its ESM build imports graphql's .mjs files, a second copy of graphql whose `instanceof` checks fail on our schema.
import { createComplexityRule, type ComplexityEstimatorArgs } from 'graphql-query-complexity/cjs';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { maxPageSize } from './page-size.js';
import { queryTooComplex, type QueryLimits } from './query-limits.js';

/**
 * The cost of an operation, as Shopify and GitHub count theirs: every object
 * a field returns counts 1 (scalars and enums come with their row and count
 * nothing), and a field's `first` multiplies the cost of what it selects,
 * since that many objects may come back. A list without `first` counts as a
 * full page (`maxPageSize`): every list relation is paged, so none returns
 * more. A connection's `edges` are already counted by its `first`.
 */
export function objectCost({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  if (field.name === '__schema' || field.name === '__type') return introspectionCost;
  if (type.name.startsWith('__') || isLeafType(getNamedType(field.type))) return 0;
  let size = 1;
  if (typeof args.first === 'number') size = Math.max(args.first, 0);
  else if (isListType(getNullableType(field.type)) && !(field.name === 'edges' && type.name.endsWith('Connection'))) size = maxPageSize;
  return 1 + size * childComplexity;
}

/**
 * Introspection answers from memory, and graphql's own MaxIntrospectionDepthRule
 * (one of the rules Apollo runs) stops its lists nesting more than three deep;
 * so `__schema` and `__type` count a flat amount, whatever they select, and
 * aliases cannot repeat a whole introspection more than a few times.
 */
const introspectionCost = 1000;

/** Past this many fields (fragments spread again count again) the cost is not worth computing: refused. */
const maxMeasuredFields = 10_000;

/**
 * The cost of `document`'s operation with these variables, or a refusal when
 * it is over `maxCost`. Variables that do not fit are not this check's
 * business: the operation then fails before it runs, with BAD_USER_INPUT.
 */
export function measureCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined, maxCost: number): number {
  let cost = 0;
  try {
    const rule = createComplexityRule({
      maximumComplexity: maxCost,
      estimators: [objectCost],
      variables,
      operationName,
      maxQueryNodes: maxMeasuredFields,
      onComplete: (measured) => (cost = measured),
      createError: (maximum, measured) => queryTooComplex('cost', maximum, measured),
    });
    const refusal = validate(schema, document, [rule]).find((error) => error.extensions?.limit === 'cost');
    if (refusal) throw refusal;
  } catch (error) {
    if (!(error instanceof GraphQLError) || !error.message.includes('maximum allowed number of nodes')) throw error;
    throw new KontorError(ErrorCode.QUERY_TOO_COMPLEX, `The query selects more than ${maxMeasuredFields} fields (a fragment counts again wherever it is spread); its cost was not measured.`, {
      limit: 'cost',
      maximum: maxCost,
      http: { status: 400 },
    });
  }
  return cost;
}

/** Measures each request's operation after Apollo resolved it and before it runs. */
export function queryCostPlugin(limits: Pick<QueryLimits, 'maxCost'>): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          measureCost(schema, document, request.variables ?? {}, operationName ?? undefined, limits.maxCost);
        },
      };
    },
  };
}
