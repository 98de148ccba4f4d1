import 'reflect-metadata';
import { graphql } from 'graphql';
import { buildSchema, Query, Resolver } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import type { AccountScope } from './account-scope.js';
import type { Caller, RequestContext, UserCaller } from './context.js';
import { Scope, SignedInUser, Work } from './parameters.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * The parameter decorators fail closed on their own, with the same typed
 * errors as the access declarations: a resolver that asks for an account or
 * a user gets one, or never runs. (These resolvers declare no access rule on
 * purpose; Kontor's schema would refuse to build with them.)
 */
@Resolver()
class HandedResolver {
  @Query(() => String)
  accountId(@Scope() scope: AccountScope): string {
    return scope.accountId;
  }

  @Query(() => String)
  userId(@SignedInUser() caller: UserCaller): string {
    return caller.userId;
  }

  @Query(() => String)
  workUserId(@Work() work: UnitOfWork): string {
    return work.userId;
  }
}

const schema = await buildSchema({ resolvers: [HandedResolver], validate: false });
const scope = { accountId: 'account-1', userId: 'user-1' } as AccountScope;

async function ask(field: string, caller: Caller) {
  const result = await graphql({ schema, source: `{ ${field} }`, contextValue: { caller } as RequestContext });
  return { data: result.data?.[field] ?? null, error: result.errors?.[0] && { code: result.errors[0].extensions.code, message: result.errors[0].message } };
}

const user = (withScope: boolean): Caller => ({
  kind: 'user',
  userId: 'user-1',
  sessionId: 'session-1',
  check: undefined as never,
  scope: withScope ? scope : undefined,
  scopeDenied: undefined,
});

describe('resolver parameters', () => {
  it('hand a resolver the account scope of a scoped token or an API key', async () => {
    expect(await ask('accountId', user(true))).toEqual({ data: 'account-1', error: undefined });
    expect(await ask('accountId', { kind: 'apiKey', apiKeyId: 'key-1', scope })).toEqual({ data: 'account-1', error: undefined });
    expect(await ask('workUserId', { kind: 'apiKey', apiKeyId: 'key-1', scope })).toEqual({ data: 'user-1', error: undefined });
  });

  it('refuse anonymous callers, rejected tokens and unscoped tokens with UNAUTHENTICATED or FORBIDDEN', async () => {
    expect(await ask('accountId', { kind: 'anonymous' })).toEqual({ data: null, error: { code: 'UNAUTHENTICATED', message: 'You need to log in first.' } });
    expect(await ask('workUserId', { kind: 'rejected', reason: 'Your session has ended. Please log in again.' })).toEqual({
      data: null,
      error: { code: 'UNAUTHENTICATED', message: 'Your session has ended. Please log in again.' },
    });
    expect((await ask('accountId', user(false))).error).toEqual({
      code: 'FORBIDDEN',
      message: 'This operation works inside an account: choose one first (switchAccount or createAccount).',
    });
  });

  it('hand a signed-in user, and refuse an API key that asks to be one', async () => {
    expect(await ask('userId', user(false))).toEqual({ data: 'user-1', error: undefined });
    expect((await ask('userId', { kind: 'apiKey', apiKeyId: 'key-1', scope })).error?.code).toBe('FORBIDDEN');
    expect((await ask('userId', { kind: 'anonymous' })).error?.code).toBe('UNAUTHENTICATED');
  });
});
