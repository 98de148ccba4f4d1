import { ApolloServer } from '@apollo/server';
import type { CompiledQuery } from 'graphql-jit';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { introspectionGuardPlugin } from '../playground/introspection-guard.js';
import type { RequestContext } from '../request/context.js';
import { accountTransactionPlugin, settleResponse } from '../request/request-lifecycle.js';
import { buildKontorSchema } from '../schema.js';
import { apolloBuiltInsDisabled } from './apollo-plugins.js';
import { compiledExecution } from './compiled-execution.js';
import { CompiledQueryCache } from './compiled-query-cache.js';
import { createErrorFormatter } from './format-error.js';
import { KnownOperationShortcut } from './known-operation-shortcut.js';
import { operationNamePlugin } from './operation-name-plugin.js';
import { OperationCosts, queryCostPlugin } from './query-cost.js';
import { limitedParseOptions, queryShapeRules } from './query-limits.js';

export interface GraphQLServer {
  apollo: ApolloServer<RequestContext>;
  /** Answers operations Apollo has run before without its per-request pipeline (known-operation-shortcut.ts). */
  shortcut: KnownOperationShortcut;
  /** The operations compiled for reuse (tests read its size). */
  compiledQueries: CompiledQueryCache<CompiledQuery>;
}

/**
 * Apollo Server with Kontor's schema, limits, plugins and compiled execution, and the shortcut past it. The
 * shortcut does in Apollo's place what each plugin below does: a plugin added here needs its counterpart in the
 * shortcut's pipeline (or the shortcut must leave its requests to Apollo), which is why both are made in this one
 * place. Not started: `apollo.start()` is the caller's.
 */
export async function createGraphQLServer(config: Config, logger: Logger, metrics: Metrics | undefined): Promise<GraphQLServer> {
  const compiledQueries = new CompiledQueryCache<CompiledQuery>(config.compiledQueryCacheSize);
  const costs = new OperationCosts(config.queryLimits.maxCost);
  const shortcut = new KnownOperationShortcut(config.compiledQueryCacheSize, {
    costs,
    // Introspection is never taken by the shortcut; the operation's name is put on the log line by the shortcut itself.
    async willSendResponse(contextValue, response, operationName, startedAt) {
      await settleResponse(logger, contextValue, response);
      metrics?.graphQLAnswered(operationName, response, startedAt);
    },
  });
  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledExecution(await buildKontorSchema(), compiledQueries, shortcut),
    parseOptions: limitedParseOptions(config.queryLimits),
    validationRules: queryShapeRules(config.queryLimits),
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // No automatic persisted queries: no Kontor client sends them, anyone could fill their cache, and a hash that did
    // not match its query was answered "Internal server error" (Apollo's error has no code) and logged as a fault.
    persistedQueries: false,
    // We stop Apollo ourselves, after the HTTP server has drained (see main.ts).
    stopOnTerminationSignals: false,
    plugins: [
      ...apolloBuiltInsDisabled(),
      introspectionGuardPlugin(config.introspection),
      queryCostPlugin(costs),
      accountTransactionPlugin(logger),
      operationNamePlugin,
      ...(metrics ? [metrics.apolloPlugin] : []),
    ],
  });
  return { apollo, shortcut, compiledQueries };
}
