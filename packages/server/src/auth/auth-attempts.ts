import type { EntityManager } from '@mikro-orm/postgresql';
import { rateLimitedClient } from '../http/client-address.js';
import type { RequestContext } from '../request/context.js';
import { consumeRateLimits } from './rate-limit.js';
import { normaliseEmail } from './users.js';

/**
 * Counts one password attempt (sign-up, log-in, proving another login for a
 * merge) per client address and per e-mail address, before the password is
 * checked: RATE_LIMITED past the limits of the configuration.
 */
export async function limitAuthAttempts(ctx: RequestContext, em: EntityManager, rawEmail: string, what: string): Promise<void> {
  const client = { key: `auth:client:${rateLimitedClient(ctx.clientIp)}`, rule: ctx.config.rateLimits.authPerClient, what };
  let email: string;
  try {
    email = normaliseEmail(rawEmail).toLowerCase();
  } catch {
    // A malformed e-mail is refused by the operation itself, with the field named.
    return consumeRateLimits(em, [client]);
  }
  // The address's count only when the client was within its limit, as one call after the other would: one round trip.
  await consumeRateLimits(em, [client, { key: `auth:email:${email}`, rule: ctx.config.rateLimits.authPerEmail, what }]);
}
