import type { ApolloServerPlugin } from '@apollo/server';
import { noteOperationName } from '../http/http-server.js';
import type { RequestContext } from '../request/context.js';

/** An operation's name as logs and metrics show it: the client's text, so only a plain name is kept as it is. */
export function operationLabel(operationName: string | null | undefined): string {
  return operationName && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(operationName) ? operationName : 'anonymous';
}

/** Puts the operation's name (or "anonymous") on the request's log line, next to its trace ID. */
export const operationNamePlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operationName, contextValue }) {
        noteOperationName(contextValue.res, operationLabel(operationName));
      },
    };
  },
};
