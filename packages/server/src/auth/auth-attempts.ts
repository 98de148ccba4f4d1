import type { EntityManager } from '@mikro-orm/postgresql';
import { rateLimitedClient } from '../http/client-address.js';
import type { RequestContext } from '../request/context.js';
import { consumeRateLimit } from './rate-limit.js';
import { normaliseEmail } from './users.js';

/**
 * Counts one password attempt (sign-up, log-in, proving another login for a
 * merge) per client address and per e-mail address, before the password is
 * checked: RATE_LIMITED past the limits of the configuration.
 */
export async function limitAuthAttempts(ctx: RequestContext, em: EntityManager, rawEmail: string, what: string): Promise<void> {
  await consumeRateLimit(em, `auth:client:${rateLimitedClient(ctx.clientIp)}`, ctx.config.rateLimits.authPerClient, what);
  let email: string;
  try {
    email = normaliseEmail(rawEmail).toLowerCase();
  } catch {
    return; // A malformed e-mail is refused by the operation itself, with the field named.
  }
  await consumeRateLimit(em, `auth:email:${email}`, ctx.config.rateLimits.authPerEmail, what);
}
