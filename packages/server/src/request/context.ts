import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccountScope } from './account-scope.js';
import type { CallerCheck, ScopeRefusal } from './caller-check.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { ErrorCode } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import type { Mailer } from '../mail/mailer.js';
import type { JobSender } from '../jobs/job-sender.js';

/** Who is calling, as the request's token says, checked against the database (caller-check.ts). */
export type Caller =
  | { kind: 'anonymous' }
  /** A token was sent but is not (or no longer) good: expired, forged, session ended, or a key over its rate limit. */
  | { kind: 'rejected'; reason: string; code?: ErrorCode; extensions?: Record<string, unknown> }
  /**
   * An account API key: it acts in its own account only, with the key's role (at most its creator's current one),
   * and never as a user (`@SignedIn()` operations refuse it).
   */
  | { kind: 'apiKey'; apiKeyId: string; scope: AccountScope }
  | {
      kind: 'user';
      userId: string;
      sessionId: string;
      /** The database check of the session and membership; in GraphQL it may still be to come (see access.ts). */
      check: CallerCheck;
      /** Set when the token is scoped to an account (and, unless the check is still to come, the membership is active). */
      scope: AccountScope | undefined;
      /** Why a scoped token's account is not usable (membership deactivated or gone, a second factor missing), when the check has told. */
      scopeDenied: ScopeRefusal | undefined;
    };

/** A signed-in user's caller (what `@SignedInUser()` hands a resolver). */
export type UserCaller = Extract<Caller, { kind: 'user' }>;

/** What every resolver receives. Built once per request. */
export interface RequestContext {
  orm: Orm;
  config: Config;
  keys: SigningKeys;
  logger: Logger;
  mailer: Mailer;
  /** Puts background jobs in the queue (an import's). */
  jobs: JobSender;
  version: string;
  req: IncomingMessage;
  res: ServerResponse;
  clientIp: string;
  caller: Caller;
  /** Adds a Set-Cookie header to the response. */
  setCookie(cookie: string): void;
}
