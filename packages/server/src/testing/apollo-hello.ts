import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import type { CompiledQuery } from 'graphql-jit';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { compiledExecution } from '../graphql/compiled-execution.js';
import { CompiledQueryCache } from '../graphql/compiled-query-cache.js';

/**
 * For tests of Apollo Server's own work per request (graphql/apollo-*.test.ts): the smallest schema, `{ hello }`
 * answering "hi", executed as Kontor executes (its compiled execution, given to Apollo as a gateway), and a POST of
 * that query as an HTTP request reaches Apollo.
 */
export const helloSchema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, resolve: () => 'hi' } } }) });

/** Kontor's compiled execution over `helloSchema`, for `new ApolloServer({ gateway })`. */
export function helloGateway(): ReturnType<typeof compiledExecution> {
  return compiledExecution(helloSchema, new CompiledQueryCache<CompiledQuery>(10));
}

/** `{ hello }` POSTed as JSON (with `headers` besides the content type), each request's context made by `context`. */
export function postHello<C extends BaseContext>(
  apollo: ApolloServer<C>,
  options: { headers?: [string, string][]; context?: () => Promise<C> } = {},
): Promise<HTTPGraphQLResponse> {
  return apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json'], ...(options.headers ?? [])]), search: '', body: { query: '{ hello }' } },
    context: options.context ?? (async () => ({}) as C),
  });
}
