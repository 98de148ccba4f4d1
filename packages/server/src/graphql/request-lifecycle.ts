import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { authenticate } from '../auth/authenticate.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import type { Config } from '../config/config.js';
import { clientAddress } from '../http/client-address.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';
import type { Mailer } from '../mail/mailer.js';
import { version } from '../version.js';
import type { RequestContext } from './context.js';

export interface ContextDeps {
  orm: Orm;
  config: Config;
  keys: SigningKeys;
  logger: Logger;
  mailer: Mailer;
}

export async function createRequestContext(deps: ContextDeps, req: IncomingMessage, res: ServerResponse): Promise<RequestContext> {
  const cookies: string[] = [];
  return {
    ...deps,
    version,
    req,
    res,
    clientIp: clientAddress(req, deps.config.trustProxy),
    caller: await authenticate(req, deps.orm, deps.keys, deps.logger, { apiKeyRateLimit: deps.config.apiKeyRateLimit, deferCheck: true }),
    setCookie: (cookie) => {
      cookies.push(cookie);
      res.setHeader('set-cookie', cookies);
    },
  };
}

/** Ends the request's account transaction: committed when the request ran, rolled back otherwise. */
export async function finishRequestContext(context: RequestContext | undefined, commit: boolean): Promise<void> {
  const caller = context?.caller;
  if (caller?.kind === 'user' || caller?.kind === 'apiKey') await caller.scope?.finish(commit);
}

/**
 * Commits the account transaction before the response is sent, so nothing is
 * acknowledged that was not stored: if the commit fails, the client gets an
 * error instead of the data.
 */
export function accountTransactionPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await finishRequestContext(contextValue, true);
          } catch (error) {
            logger.error('could not commit the request transaction', { error });
            if (response.body.kind === 'single') {
              response.body.singleResult.data = null;
              response.body.singleResult.errors = [
                { message: 'Your change could not be saved. Please try again.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
              ];
            }
          }
        },
      };
    },
  };
}
