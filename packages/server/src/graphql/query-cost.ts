import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, getNamedType, getNullableType, isLeafType, isListType, Kind, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type TypeNode } from 'graphql';
// The CommonJS build: its ESM build imports graphql's .mjs files, a second copy of graphql whose `instanceof` checks fail on our schema.
import { createComplexityRule, type ComplexityEstimatorArgs } from 'graphql-query-complexity/cjs';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { maxPageSize } from './page-size.js';
import { queryTooComplex } from './query-limits.js';

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

/**
 * The cost check of every operation, before it runs. Measuring walks the
 * whole document (about a tenth of a list request's CPU), so each operation
 * is first measured once at full pages: every Int variable at `maxPageSize`,
 * the most any `first` may be. If even that fits, a request whose Int
 * variables are all within it fits too and is not measured again; others
 * are measured with their own variables.
 */
export class OperationCosts {
  private readonly operations = new WeakMap<DocumentNode, Map<string, FullPageCost>>();

  constructor(private readonly maxCost: number) {}

  /** Refuses (QUERY_TOO_COMPLEX) an operation that costs more than the limit with these variables. */
  check(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode | undefined, operationName: string | undefined, variables: Record<string, unknown>): void {
    let byName = this.operations.get(document);
    if (!byName) this.operations.set(document, (byName = new Map()));
    if (!byName.has(operationName ?? '')) {
      const intVariables = operation?.variableDefinitions?.filter((d) => namedTypeOf(d.type) === 'Int').map((d) => d.variable.name.value) ?? [];
      const fullPages = { ...variables, ...Object.fromEntries(intVariables.map((name) => [name, maxPageSize])) };
      byName.set(operationName ?? '', { intVariables, fits: costOrRefusal(() => measureCost(schema, document, fullPages, operationName, this.maxCost)) });
    }
    if (this.fitsUnmeasured(document, operationName, variables)) return;
    measureCost(schema, document, variables, operationName, this.maxCost);
  }

  /**
   * Whether the operation is known to fit with these variables without measuring them: it was checked before (by
   * `check`) and fits at full pages, and none of these variables asks for more than a full page.
   */
  fitsUnmeasured(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): boolean {
    const known = this.operations.get(document)?.get(operationName ?? '');
    if (!known?.fits) return false;
    return known.intVariables.every((name) => !(typeof variables[name] === 'number' && Math.abs(variables[name] as number) > maxPageSize));
  }
}

/** Apollo Server's hook for the check: after Apollo resolved the request's operation, before it runs. */
export function queryCostPlugin(costs: OperationCosts): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, operation }) {
          costs.check(schema, document, operation, operationName ?? undefined, request.variables ?? {});
        },
      };
    },
  };
}

/** An operation's Int variables, and whether it fits the cost limit with every one of them at a full page. */
interface FullPageCost {
  intVariables: string[];
  fits: boolean;
}

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

/** Whether the measurement passed; a refusal for cost means no, anything else is not this check's business. */
function costOrRefusal(measure: () => number): boolean {
  try {
    measure();
    return true;
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions?.code === ErrorCode.QUERY_TOO_COMPLEX) return false;
    throw error;
  }
}
