import type { GraphQLSchema } from 'graphql';
import { createMethodMiddlewareDecorator, Extensions, type MiddlewareFn } from 'type-graphql';
import type { AccountScope } from './account-scope.js';
import type { RequestContext } from './context.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { askWithFirstStatement, assertNoPackageImport, recordRights } from './package-import-guard.js';
import { can, everyRoleHolds, peopleOnlyRights, type Right } from '../policies/account-rights.js';

/**
 * Who may call an operation, declared in one decorator line above each
 * resolver method: `@Public()`, `@SignedIn()` or `@InAccount()` (optionally
 * with the right it needs). The declaration is kept in the schema field's
 * extensions, so a test can list every operation with its declaration, and the
 * schema refuses to build while any root field has none.
 */
export type AccessLevel = 'PUBLIC' | 'SIGNED_IN' | 'IN_ACCOUNT';

export interface AccessDeclaration {
  level: AccessLevel;
  right?: Right;
}

function declare(declaration: AccessDeclaration, check: MiddlewareFn<RequestContext> | undefined): MethodDecorator {
  return (target, key, descriptor) => {
    Extensions({ access: declaration })(target, key, descriptor);
    if (check) createMethodMiddlewareDecorator(check)(target, key, descriptor);
  };
}

/** Anyone may call it, signed in or not. */
export const Public = (): MethodDecorator => declare({ level: 'PUBLIC' }, undefined);

/** A signed-in user, whether or not the token is scoped to an account. */
export const SignedIn = (): MethodDecorator =>
  declare({ level: 'SIGNED_IN' }, async ({ context }, next) => {
    await requireUser(context).check.assertSessionLive();
    return next();
  });

/**
 * A signed-in user, as `@SignedIn()`, for a resolver that starts by reading
 * and sends the caller check in that read's round trip
 * (`check.sessionLiveWith`), before it changes anything. Whatever the
 * resolver did, nothing leaves unless the session is live: if it never asked,
 * the check runs on its own at the end and refuses.
 */
export const SignedInCheckedWithFirstRead = (): MethodDecorator =>
  declare({ level: 'SIGNED_IN' }, async ({ context }, next) => {
    const { check } = requireUser(context);
    return nothingOutBefore(() => check.assertSessionLive(), next);
  });

/**
 * An active member of the token's account (holding `right`, when given).
 * Mutations run in a savepoint: a failed one leaves nothing behind on the
 * request's connection. The answer is then `data: null`, and the request's
 * whole transaction is rolled back (request-lifecycle.ts), earlier mutations
 * of the same request included.
 */
export const InAccount = (right?: Right): MethodDecorator => {
  // Decided once per operation: a right every role holds needs no role, so no wait for the caller check.
  const needsRole = right !== undefined && !everyRoleHolds(right);
  return declare({ level: 'IN_ACCOUNT', ...(right ? { right } : {}) }, async ({ context, info }, next) => {
    const scope = requireAccount(context);
    if (right && scope.apiKeyId && peopleOnlyRights.includes(right)) {
      throw new KontorError(ErrorCode.FORBIDDEN, `API keys never hold the right "${right}": sign in as a member who has it.`, { right });
    }
    const assertRole = async () => {
      if (!right || !needsRole) return;
      const role = await scope.role();
      if (!can(role, right)) throw new KontorError(ErrorCode.FORBIDDEN, `Your role (${role}) does not have the right "${right}" in this account.`, { right });
    };
    if (info.operation.operation === 'mutation') {
      const guarded = right !== undefined && recordRights.includes(right);
      // One round trip before the work: BEGIN, the caller check, the account's settings, the package-import guard
      // and the savepoint travel together. Nothing in it changes anything, and the work starts only once the check
      // has passed, the role holds the right and the guard has let it through, in that order.
      if (guarded) askWithFirstStatement(scope);
      return inSavepoint(scope, async () => {
        await scope.details();
        await assertRole();
        if (guarded) await assertNoPackageImport(scope);
        return next();
      });
    }
    await assertRole();
    scope.markReadOnly();
    return nothingOutBefore(() => scope.details(), next);
  });
};

/**
 * Runs a resolver whose caller check usually travels with its first read,
 * and lets nothing out unless `check` passes: a refused caller gets the
 * check's error (UNAUTHENTICATED or FORBIDDEN) whatever the resolver did.
 */
async function nothingOutBefore<T>(check: () => Promise<unknown>, next: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await next();
  } catch (error) {
    await check();
    throw error;
  }
  await check();
  return result;
}

export function requireUser(context: RequestContext): Extract<RequestContext['caller'], { kind: 'user' }> {
  const { caller } = context;
  if (caller.kind === 'user') return caller;
  if (caller.kind === 'apiKey') {
    throw new KontorError(ErrorCode.FORBIDDEN, 'This operation needs a signed-in user; an API key can only work inside its account.');
  }
  throw refusal(caller);
}

function refusal(caller: Exclude<RequestContext['caller'], { kind: 'user' | 'apiKey' }>): KontorError {
  if (caller.kind === 'anonymous') return new KontorError(ErrorCode.UNAUTHENTICATED, 'You need to log in first.');
  return new KontorError(caller.code ?? ErrorCode.UNAUTHENTICATED, caller.reason, caller.extensions);
}

/**
 * The request's account scope (a member's token or an account API key);
 * throws when there is none. The only way to an account's data. For a
 * member's token the caller check may still be to come: `@InAccount` waits
 * for it before anything leaves the resolver.
 */
export function requireAccount(context: RequestContext): AccountScope {
  const { caller } = context;
  if (caller.kind === 'apiKey') return caller.scope;
  if (caller.kind !== 'user') throw refusal(caller);
  if (caller.scope) return caller.scope;
  if (caller.scopeDenied) throw new KontorError(caller.scopeDenied.code, caller.scopeDenied.message);
  throw new KontorError(
    ErrorCode.FORBIDDEN,
    'This operation works inside an account: choose one first (switchAccount or createAccount).',
  );
}

async function inSavepoint<T>(scope: AccountScope, next: () => Promise<T>): Promise<T> {
  try {
    await scope.query('savepoint kontor_mutation');
  } catch (error) {
    // A refused caller gets the check's error (it travelled in front of the savepoint), not the driver's.
    await scope.details();
    throw error;
  }
  try {
    // Not released: COMMIT releases it, and a later mutation of the same document takes a savepoint of the same
    // name, which hides this one (a rollback to it goes back to the latest). A RELEASE would be a round trip of its own.
    return await next();
  } catch (error) {
    await scope.query('rollback to savepoint kontor_mutation');
    await scope.clearOrm();
    throw error;
  }
}

/**
 * Refuses to build a schema in which a query or mutation declares no access
 * rule: the server does not start, so an undeclared operation can never be
 * served (and costs nothing per request).
 */
export function assertEveryOperationDeclared(schema: GraphQLSchema): void {
  const undeclared = [schema.getQueryType(), schema.getMutationType()]
    .flatMap((type) => (type ? Object.values(type.getFields()).map((field) => ({ type: type.name, field })) : []))
    .filter(({ field }) => !(field.extensions?.access as AccessDeclaration | undefined)?.level)
    .map(({ type, field }) => `${type}.${field.name}`);
  if (undeclared.length > 0) {
    throw new Error(`These operations declare no access rule (@Public, @SignedIn or @InAccount): ${undeclared.join(', ')}`);
  }
}
