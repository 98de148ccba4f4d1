import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { Logger } from '../logging/logger.js';
import { ErrorCode, isClientSafe } from './errors.js';

/**
 * Shapes every error before it leaves the server: typed errors pass with their
 * code and message; validation failures of input types become BAD_USER_INPUT
 * naming the field; everything else is logged and masked, so no stack trace
 * or internal detail (or another account's data) reaches a client.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const first = original.extensions.validationErrors?.[0];
      const field = first ? validationPath(first) : undefined;
      const constraint = first ? Object.values(first.constraints ?? {})[0] : undefined;
      return {
        message: field && constraint ? `${field}: ${constraint}` : 'Invalid input',
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, field },
      };
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

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function validationPath(error: ValidationErrorLike): string {
  const child = error.children?.[0];
  return child ? `${error.property}.${validationPath(child)}` : error.property;
}
