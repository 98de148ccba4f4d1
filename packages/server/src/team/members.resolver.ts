import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../accounts/roles.js';
import type { AccountScope } from '../request/account-scope.js';
import { InAccount } from '../request/access.js';
import { GlobalEm, Scope } from '../request/parameters.js';
import { deleteAccount } from './account-deletion.service.js';
import { deactivateMember, leaveAccount, listMembers, reactivateMember, setMemberRole, transferOwnership } from './members.service.js';
import { DeactivateMemberPayload, HandedOverRecords, Member } from './team.types.js';

@Resolver()
export class MembersResolver {
  @InAccount()
  @Query(() => [Member], { description: "The current account's members, active ones first, then by name." })
  members(@GlobalEm() globalEm: EntityManager, @Scope() scope: AccountScope): Promise<Member[]> {
    return listMembers(globalEm, scope.accountId);
  }

  @InAccount('team.manage')
  @Mutation(() => Member, { description: "Changes a member's role. The owner's role changes only through transferOwnership." })
  setMemberRole(
    @Arg('membershipId', () => ID) membershipId: string,
    @Arg('role', () => Role) role: Role,
    @GlobalEm() globalEm: EntityManager,
    @Scope() scope: AccountScope,
  ): Promise<Member> {
    return setMemberRole(globalEm, scope, membershipId, role);
  }

  @InAccount('team.manage')
  @Mutation(() => DeactivateMemberPayload, {
    description:
      "Ends a member's access to this account from their next request on, and hands their people, companies, deals and open tasks to the successor. The user is kept.",
  })
  deactivateMember(
    @Arg('membershipId', () => ID) membershipId: string,
    @Arg('successorMembershipId', () => ID, { description: 'An active member who takes over the records.' }) successorMembershipId: string,
    @GlobalEm() globalEm: EntityManager,
    @Scope() scope: AccountScope,
  ): Promise<DeactivateMemberPayload> {
    return deactivateMember(globalEm, scope, membershipId, successorMembershipId);
  }

  @InAccount('team.manage')
  @Mutation(() => Member, { description: "Gives a deactivated member their access back (PLAN_LIMIT_REACHED when the package's user limit is reached)." })
  reactivateMember(@Arg('membershipId', () => ID) membershipId: string, @GlobalEm() globalEm: EntityManager, @Scope() scope: AccountScope): Promise<Member> {
    return reactivateMember(globalEm, scope, membershipId);
  }

  @InAccount('account.transferOwnership')
  @Mutation(() => [Member], { description: 'Makes an active member the owner; you become a co-owner. Returns the new owner, then you.' })
  transferOwnership(@Arg('membershipId', () => ID) membershipId: string, @GlobalEm() globalEm: EntityManager, @Scope() scope: AccountScope): Promise<Member[]> {
    return transferOwnership(globalEm, scope, membershipId);
  }

  @InAccount()
  @Mutation(() => HandedOverRecords, {
    description: 'Leaves the current account: your membership is deactivated and your records go to the owner. Not for the owner (transfer the ownership first).',
  })
  leaveAccount(@GlobalEm() globalEm: EntityManager, @Scope() scope: AccountScope): Promise<HandedOverRecords> {
    return leaveAccount(globalEm, scope);
  }

  @InAccount('account.delete')
  @Mutation(() => Boolean, {
    description: "Deletes the current account with all its data, for good. `confirmName` must be the account's name. Every token for it stops working.",
  })
  async deleteAccount(@Arg('confirmName') confirmName: string, @GlobalEm() globalEm: EntityManager, @Scope() scope: AccountScope): Promise<boolean> {
    await deleteAccount(globalEm, scope, confirmName);
    return true;
  }
}
