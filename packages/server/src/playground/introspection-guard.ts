import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, visit, type DocumentNode } from 'graphql';
import type { IntrospectionAccess } from '../config/config.js';
import type { RequestContext } from '../request/context.js';
import { ErrorCode, KontorError } from '../errors/errors.js';

/**
 * Refuses `__schema` and `__type` to anonymous callers when introspection is
 * limited to authenticated ones. The playground and the SDK's integrators
 * are signed in or hold a key, so they keep the schema's docs.
 */
export function introspectionGuardPlugin(access: IntrospectionAccess): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      if (access === 'all') return;
      return {
        async didResolveOperation({ document, contextValue }) {
          const { caller } = contextValue;
          if (caller.kind === 'apiKey' || !introspects(document)) return;
          if (caller.kind === 'user' && (await caller.check.outcome()).kind === 'live') return;
          throw new KontorError(ErrorCode.UNAUTHENTICATED, 'Introspection is available to signed-in users and API keys only. Log in or send an API key.');
        },
      };
    },
  };
}

/** Whether `document` reads `__schema` or `__type`. Apollo keeps parsed documents in a cache, so each distinct query is visited once. */
const introspecting = new WeakMap<DocumentNode, boolean>();

export function introspects(document: DocumentNode): boolean {
  let found = introspecting.get(document);
  if (found === undefined) introspecting.set(document, (found = visitsIntrospection(document)));
  return found;
}

function visitsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
