import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';

/**
 * Apollo Server installs some plugins of its own unless told not to, and runs
 * each installed plugin's hooks on every request. Kontor uses none of them:
 *
 * - usage and schema reporting would send every operation's shape and timing
 *   to Apollo's cloud as soon as `APOLLO_KEY` and `APOLLO_GRAPH_REF` are in
 *   the environment: a CRM's traffic does not leave the server by accident;
 * - inline tracing (federated subgraphs only) still costs a hook a request;
 * - cache control would compute HTTP cache hints on every field, and nothing
 *   here is cacheable across users;
 * - the landing page: the playground is Kontor's own (playground/).
 *
 * Parsed and validated documents stay cached (Apollo's document store, on by
 * default), keyed by the query's SHA-256, which Apollo computes per request.
 */
export function apolloBuiltInsDisabled(): ApolloServerPlugin[] {
  return [
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
  ];
}
