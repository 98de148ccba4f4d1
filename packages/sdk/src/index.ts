/**
 * @kontor/sdk: the Kontor API's types and typed documents, generated from
 * schema.graphql by GraphQL Code Generator (`src/generated`, never edited).
 */
export * from './generated/graphql.js';
export { gql } from './generated/gql.js';
