import type { EntityManager } from '@mikro-orm/postgresql';
import { createParameterDecorator } from 'type-graphql';
import type { AccountScope } from './account-scope.js';
import { requireAccount, requireUser } from './access.js';
import type { RequestContext, UserCaller } from './context.js';
import { unitOfWork, type UnitOfWork } from './unit-of-work.js';

/**
 * What a resolver is handed instead of opening the request context itself
 * (step 3 of README.md). type-graphql resolves these after the access
 * declaration's middleware has run, just before the resolver is called, so
 * they see the caller the declaration has already checked; each one fails
 * closed with the same typed error as the declaration would.
 *
 * They are cheap (property reads; no database round trip), since they run
 * once per field resolution, on list rows too.
 */

/** The request's account (a member's token or an API key): `FORBIDDEN` or `UNAUTHENTICATED` when there is none. */
export const Scope = () => createParameterDecorator<RequestContext>(({ context }): AccountScope => requireAccount(context));

/** The signed-in user (not an API key): `UNAUTHENTICATED`, or `FORBIDDEN` for an API key. */
export const SignedInUser = () => createParameterDecorator<RequestContext>(({ context }): UserCaller => requireUser(context));

/**
 * A fresh entity manager on the global schema (users, accounts, memberships,
 * invitations, API keys, invoices), outside the account's transaction: each
 * parameter gets its own fork, as each `orm.em.fork()` did.
 */
export const GlobalEm = () =>
  createParameterDecorator<RequestContext>(({ context }): EntityManager => context.orm.em.fork() as EntityManager);

/**
 * The request's unit of work (unit-of-work.ts): the account scope, its entity
 * manager and a global one of its own (forked on first use); fails closed as
 * `@Scope()`. Opening nothing, it serves list reads as well as writes.
 */
export const Work = () => createParameterDecorator<RequestContext>(({ context }): UnitOfWork => unitOfWork(requireAccount(context), context.orm, context.clientIp));
