import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, Lexer, Source, TokenKind, type GraphQLFormattedError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { ErrorCode, KontorError } from '../errors/errors.js';

/**
 * Limits on the shape of an operation, all checked before anything runs
 * (README, Configuration). Each refusal is `QUERY_TOO_COMPLEX` with
 * `extensions.limit` (which one), `maximum` and `measured`, answered like
 * every other operation GraphQL refuses before running it (HTTP 400, or 200
 * to a client that accepts only `application/json`: http/graphql-response-status.ts):
 *
 * - tokens: graphql's parser stops at `maxTokens`, before it builds a huge AST;
 * - depth and aliases: validation rules (graphql-armor's), run once per
 *   document, since Apollo caches a document after it has passed validation;
 * - cost: query-cost.ts, per request, because a variable `first` changes it.
 */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
}

export type QueryLimit = 'depth' | 'aliases' | 'tokens' | 'cost';

const describe: Record<QueryLimit, (measured: number, maximum: number) => string> = {
  depth: (measured, maximum) => `The query nests fields ${measured} levels deep; at most ${maximum} are allowed.`,
  aliases: (measured, maximum) => `The query uses ${measured} aliases; at most ${maximum} are allowed.`,
  tokens: (measured, maximum) => `The query is ${measured} tokens long; at most ${maximum} are allowed.`,
  cost: (measured, maximum) =>
    `The query's cost is ${measured} (each object counts 1, multiplied by the \`first\` of the lists around it); at most ${maximum} is allowed. Ask for smaller pages or fewer nested lists.`,
};

export function queryTooComplex(limit: QueryLimit, maximum: number, measured: number): KontorError {
  return new KontorError(ErrorCode.QUERY_TOO_COMPLEX, describe[limit](measured, maximum), { limit, maximum, measured, http: { status: 400 } });
}

/** graphql's parser counts tokens itself and gives up after `maxTokens` (see `queryLimitRefusal`). */
export function limitedParseOptions(limits: QueryLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/** Depth and aliases, for Apollo's `validationRules`. */
export function queryShapeRules(limits: QueryLimits): ValidationRule[] {
  // graphql-armor names the figure only in its message ("…, found 12."); the tests pin that wording.
  const refuse = (limit: QueryLimit, maximum: number) => (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(queryTooComplex(limit, maximum, Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN)));
  return [
    // Fragments add no depth of their own: only nested fields cost a level.
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [refuse('depth', limits.maxDepth)] }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [refuse('aliases', limits.maxAliases)] }),
  ];
}

/**
 * The client's view of a refusal, whichever step made it: Apollo re-codes
 * validation errors as GRAPHQL_VALIDATION_FAILED and parse errors as
 * GRAPHQL_PARSE_FAILED, keeping ours as `originalError`. `undefined` for
 * every other error.
 */
export function queryLimitRefusal(error: unknown): GraphQLFormattedError | undefined {
  for (let cause = error; cause instanceof Error; cause = (cause as GraphQLError).originalError ?? undefined) {
    if (!(cause instanceof GraphQLError)) return undefined;
    if (cause.extensions?.code === ErrorCode.QUERY_TOO_COMPLEX) return formatted(cause);
    // graphql 16 says "more that N tokens"; a later release may fix the typo.
    const tokens = /Document contains more tha[nt] (\d+) tokens/.exec(cause.message);
    if (tokens && cause.source) return formatted(queryTooComplex('tokens', Number(tokens[1]), countTokens(cause.source)));
  }
  return undefined;
}

function formatted(error: GraphQLError): GraphQLFormattedError {
  const { http: _status, ...extensions } = error.extensions;
  return { message: error.message, ...(error.locations ? { locations: error.locations } : {}), extensions };
}

/** Only for a document already refused: the body is at most 1 MB (apollo-handler.ts). */
function countTokens(source: Source): number {
  const lexer = new Lexer(source);
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A syntax error further on: what was counted up to it is the figure.
  }
  return count;
}
