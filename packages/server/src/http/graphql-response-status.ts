import type { HTTPGraphQLResponse } from '@apollo/server';
import { ErrorCode } from '../errors/errors.js';

/**
 * The HTTP status of a GraphQL answer as the GraphQL-over-HTTP spec has it
 * (https://graphql.github.io/graphql-over-http/draft/, "application/json"):
 * a client that accepts only the legacy `application/json` reads any non-2xx
 * status as "GraphQL never saw the request", so a well-formed request gets
 * 200 with the errors even when GraphQL refused it before running: the
 * document does not parse or validate, the operation name matches none, a
 * variable cannot be coerced (all of which Apollo answers 400), or a query
 * limit refuses it (QUERY_TOO_COMPLEX). With `application/graphql-response+json`
 * (Apollo Client's first choice) those stay 400, as that media type asks.
 * A request that is not well-formed (BAD_REQUEST: no query, a body that is
 * not JSON) stays 400 with either; 413, 408 and 503 are left as they are.
 */
const requestErrorCodes: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.QUERY_TOO_COMPLEX,
]);

export function graphQLResponseStatus(response: HTTPGraphQLResponse): number {
  const status = response.status ?? 200;
  // Only a refusal is read again, so an answer with data costs nothing here.
  if (status !== 400 || response.body.kind !== 'complete' || !response.headers.get('content-type')?.startsWith('application/json')) return status;
  const errors = (JSON.parse(response.body.string) as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? [];
  const refusedByGraphQL = errors.length > 0 && errors.every((error) => requestErrorCodes.has(error.extensions?.code as string));
  return refusedByGraphQL ? 200 : status;
}
