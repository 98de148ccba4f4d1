import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccountScope } from '../accounts/account-scope.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';
import type { Mailer } from '../mail/mailer.js';

/** Who is calling, as the request's token says, re-checked against the database. */
export type Caller =
  | { kind: 'anonymous' }
  /** A token was sent but is not (or no longer) good: expired, forged, session ended. */
  | { kind: 'rejected'; reason: string }
  | {
      kind: 'user';
      userId: string;
      sessionId: string;
      /** Set when the token is scoped to an account where the membership is active. */
      scope: AccountScope | undefined;
      /** Why a scoped token's account is not usable (membership deactivated or gone). */
      scopeDenied: string | undefined;
    };

/** What every resolver receives. Built once per request. */
export interface RequestContext {
  orm: Orm;
  config: Config;
  keys: SigningKeys;
  logger: Logger;
  mailer: Mailer;
  version: string;
  req: IncomingMessage;
  res: ServerResponse;
  clientIp: string;
  caller: Caller;
  /** Adds a Set-Cookie header to the response. */
  setCookie(cookie: string): void;
}
