import { CombinedGraphQLErrors } from '@apollo/client';

/**
 * Whole minutes until the server takes the request again, from a RATE_LIMITED
 * answer's `retryAfterSeconds` (verification mails are limited per hour, so
 * "wait a minute" would be wrong); undefined for any other error.
 */
export function retryAfterMinutes(error: unknown): number | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const extensions = error.errors[0]?.extensions;
  if (extensions?.code !== 'RATE_LIMITED' || typeof extensions.retryAfterSeconds !== 'number') return undefined;
  return Math.max(1, Math.ceil(extensions.retryAfterSeconds / 60));
}
