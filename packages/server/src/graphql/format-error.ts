import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { databaseUnavailable } from '../db/database-unavailable.js';
import type { Logger } from '../logging/logger.js';
import { ErrorCode, isClientSafe } from '../errors/errors.js';
import { queryLimitRefusal } from './query-limits.js';

/**
 * Shapes every error before it leaves the server: typed errors (and Apollo's
 * own for malformed requests) pass with their code and message; everything
 * else is logged and masked (a database that is busy, down or too slow
 * becomes SERVICE_UNAVAILABLE), so no stack trace
 * or internal detail (or another account's data) reaches a client.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const refusal = queryLimitRefusal(error);
    if (refusal) return refusal;
    const original = unwrapResolverError(error);
    const unavailable = databaseUnavailable(original);
    if (unavailable && unavailable !== original) {
      // Not a bug and not the client's doing: worth a warning, not an error (the response is a 503).
      logger.warn('database unavailable during a GraphQL operation', { error: (original as Error).message, path: formatted.path });
      return { message: unavailable.message, path: formatted.path, extensions: unavailable.extensions };
    }
    const code = formatted.extensions?.code;
    if (isClientSafe(code) || (original instanceof GraphQLError && !original.originalError && code !== 'INTERNAL_SERVER_ERROR')) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code: code ?? ErrorCode.BAD_USER_INPUT } };
    }
    logger.error('unexpected error in a GraphQL operation', { error: original, path: formatted.path });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
