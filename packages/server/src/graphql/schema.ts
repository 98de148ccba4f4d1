import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { HealthResolver } from '../health/health.resolver.js';

/** Every resolver class of the API. */
export const resolvers = [HealthResolver] as const;

export function buildKontorSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}
