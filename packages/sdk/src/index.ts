/**
 * @kontor/sdk: the Kontor API's types and typed documents, generated from
 * schema.graphql by GraphQL Code Generator (`src/generated`, never edited),
 * and a small client (`createClient`) for integrations.
 */
export * from './generated/graphql.js';
export { gql } from './generated/gql.js';
export { createClient, KontorApiError } from './client.js';
export type { ClientOptions, Connection, GraphQLErrorEntry, KontorClient, RequestFn } from './client.js';
