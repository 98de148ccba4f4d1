import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { authenticate } from './authenticate.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import type { Config } from '../config/config.js';
import { clientAddress } from '../http/client-address.js';
import { databaseUnavailable, retryAfterSeconds } from '../db/database-unavailable.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';
import type { Mailer } from '../mail/mailer.js';
import type { JobSender } from '../jobs/job-sender.js';
import { version } from '../version.js';
import type { RequestContext } from './context.js';
import { ErrorCode } from '../errors/errors.js';

export interface ContextDeps {
  orm: Orm;
  config: Config;
  keys: SigningKeys;
  logger: Logger;
  mailer: Mailer;
  jobs: JobSender;
}

export async function createRequestContext(deps: ContextDeps, req: IncomingMessage, res: ServerResponse): Promise<RequestContext> {
  const cookies: string[] = [];
  // Each property named, not `...deps`: in Node 20's V8 an object spread followed by more properties gave every
  // request's context a hidden class of its own (request-lifecycle.test.ts), allocated in the old generation, and made
  // every property read of the context megamorphic.
  return {
    orm: deps.orm,
    config: deps.config,
    keys: deps.keys,
    logger: deps.logger,
    mailer: deps.mailer,
    jobs: deps.jobs,
    version,
    req,
    res,
    clientIp: clientAddress(req, deps.config.trustProxy),
    caller: await authenticate(req, deps.orm, deps.keys, deps.logger, { apiKeyRateLimit: deps.config.apiKeyRateLimit, deferCheck: true }).catch(
      (error: unknown) => {
        // An API key is looked up before the request runs: a database that is away answers 503 here too, not 500.
        const unavailable = databaseUnavailable(error);
        if (!unavailable) throw error;
        Object.assign(unavailable.extensions, { http: unavailableHttp() });
        throw unavailable;
      },
    ),
    setCookie: (cookie) => {
      cookies.push(cookie);
      res.setHeader('set-cookie', cookies);
    },
  };
}

function unavailableHttp(): { status: number; headers: HeaderMap } {
  return { status: 503, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) };
}

/** Ends the request's account transaction: committed when the request ran, rolled back otherwise. */
export async function finishRequestContext(context: RequestContext | undefined, commit: boolean): Promise<void> {
  const caller = context?.caller;
  if (caller?.kind === 'user' || caller?.kind === 'apiKey') await caller.scope?.finish(commit);
}

/**
 * Commits the account transaction before the response is sent, so nothing is
 * acknowledged that was not stored: if the commit fails, the client gets an
 * error instead of the data. An answer of `data: null` (a mutation failed,
 * and with it the whole operation: every mutation returns a non-null type)
 * rolls the transaction back instead, so mutations that ran before the
 * failing one are not kept while the answer shows none of them. A response
 * that carries SERVICE_UNAVAILABLE (the database was busy, away or too slow)
 * goes out as HTTP 503 with Retry-After, so clients and proxies see it is
 * worth repeating.
 */
export async function settleResponse(logger: Logger, contextValue: RequestContext, response: GraphQLResponse): Promise<void> {
  const answered = response.body.kind !== 'single' || response.body.singleResult.data != null;
  try {
    await finishRequestContext(contextValue, answered);
  } catch (error) {
    const unavailable = databaseUnavailable(error);
    if (unavailable) logger.warn('could not commit the request transaction: database unavailable', { error: (error as Error).message });
    else logger.error('could not commit the request transaction', { error });
    if (response.body.kind === 'single') {
      response.body.singleResult.data = null;
      response.body.singleResult.errors = [
        unavailable
          ? { message: 'Your change could not be saved: the database cannot be reached. Please try again in a moment.', extensions: unavailable.extensions }
          : { message: 'Your change could not be saved. Please try again.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ];
    }
  }
  const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
  if (errors?.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) {
    const http = unavailableHttp();
    response.http.status = http.status;
    for (const [name, value] of http.headers) response.http.headers.set(name, value);
  }
}

/** `settleResponse` as Apollo Server's last hook before a response goes out. */
export function accountTransactionPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          await settleResponse(logger, contextValue, response);
        },
      };
    },
  };
}
