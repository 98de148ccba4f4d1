import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { SignedIn } from '../request/access.js';
import type { UserCaller } from '../request/context.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { listSecurityEvents } from './security-events.js';
import { endOtherSessions, endSession, listSessions } from './sessions.service.js';
import { LoginSession, SecurityEvent } from './security.types.js';

@Resolver()
export class SecurityResolver {
  @SignedIn()
  @Query(() => [LoginSession], { description: 'Where the signed-in login is logged in: its live sessions, the most recently used first; `current` marks this one.' })
  sessions(@SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<LoginSession[]> {
    return listSessions(globalEm, caller);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: "Ends one of the login's sessions: its tokens stop working on their next request. NOT_FOUND for a session that is not the login's or has ended." })
  async endSession(@Arg('id', () => ID) id: string, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<boolean> {
    await endSession(globalEm, caller.userId, id);
    return true;
  }

  @SignedIn()
  @Mutation(() => Int, { description: 'Ends every session of the login but this one; answers how many ended.' })
  endOtherSessions(@SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<number> {
    return endOtherSessions(globalEm, caller);
  }

  @SignedIn()
  @Query(() => [SecurityEvent], { description: "What happened to the login's security, newest first (each was mailed too)." })
  securityEvents(@SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<SecurityEvent[]> {
    return listSecurityEvents(globalEm, caller.userId, Math.min(Math.max(first, 1), 100));
  }
}
