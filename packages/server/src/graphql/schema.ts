import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AccountsResolver } from '../accounts/accounts.resolver.js';
import { refuseUndeclaredOperations } from '../auth/access.js';
import { AuthResolver } from '../auth/auth.resolver.js';
import { BillingResolver } from '../billing/billing.resolver.js';
import { HealthResolver } from '../health/health.resolver.js';

/** Every resolver class of the API. */
export const resolvers = [HealthResolver, AuthResolver, AccountsResolver, BillingResolver] as const;

export function buildKontorSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    globalMiddlewares: [refuseUndeclaredOperations],
  });
}
