import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../accounts/roles.js';
import { InAccount, requireAccount } from '../request/access.js';
import type { RequestContext } from '../request/context.js';
import { deleteAccount } from './account-deletion.service.js';
import { deactivateMember, leaveAccount, listMembers, reactivateMember, setMemberRole, transferOwnership } from './members.service.js';
import { DeactivateMemberPayload, HandedOverRecords, Member } from './team.types.js';

@Resolver()
export class MembersResolver {
  @InAccount()
  @Query(() => [Member], { description: "The current account's members, active ones first, then by name." })
  members(@Ctx() ctx: RequestContext): Promise<Member[]> {
    return listMembers(ctx.orm.em.fork(), requireAccount(ctx).accountId);
  }

  @InAccount('team.manage')
  @Mutation(() => Member, { description: "Changes a member's role. The owner's role changes only through transferOwnership." })
  setMemberRole(
    @Arg('membershipId', () => ID) membershipId: string,
    @Arg('role', () => Role) role: Role,
    @Ctx() ctx: RequestContext,
  ): Promise<Member> {
    return setMemberRole(ctx.orm.em.fork(), requireAccount(ctx), membershipId, role);
  }

  @InAccount('team.manage')
  @Mutation(() => DeactivateMemberPayload, {
    description:
      "Ends a member's access to this account from their next request on, and hands their people, companies, deals and open tasks to the successor. The user is kept.",
  })
  deactivateMember(
    @Arg('membershipId', () => ID) membershipId: string,
    @Arg('successorMembershipId', () => ID, { description: 'An active member who takes over the records.' }) successorMembershipId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<DeactivateMemberPayload> {
    return deactivateMember(ctx.orm.em.fork(), requireAccount(ctx), membershipId, successorMembershipId);
  }

  @InAccount('team.manage')
  @Mutation(() => Member, { description: "Gives a deactivated member their access back (PLAN_LIMIT_REACHED when the package's user limit is reached)." })
  reactivateMember(@Arg('membershipId', () => ID) membershipId: string, @Ctx() ctx: RequestContext): Promise<Member> {
    return reactivateMember(ctx.orm.em.fork(), requireAccount(ctx), membershipId);
  }

  @InAccount('account.transferOwnership')
  @Mutation(() => [Member], { description: 'Makes an active member the owner; you become a co-owner. Returns the new owner, then you.' })
  transferOwnership(@Arg('membershipId', () => ID) membershipId: string, @Ctx() ctx: RequestContext): Promise<Member[]> {
    return transferOwnership(ctx.orm.em.fork(), requireAccount(ctx), membershipId);
  }

  @InAccount()
  @Mutation(() => HandedOverRecords, {
    description: 'Leaves the current account: your membership is deactivated and your records go to the owner. Not for the owner (transfer the ownership first).',
  })
  leaveAccount(@Ctx() ctx: RequestContext): Promise<HandedOverRecords> {
    return leaveAccount(ctx.orm.em.fork(), requireAccount(ctx));
  }

  @InAccount('account.delete')
  @Mutation(() => Boolean, {
    description: "Deletes the current account with all its data, for good. `confirmName` must be the account's name. Every token for it stops working.",
  })
  async deleteAccount(@Arg('confirmName') confirmName: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await deleteAccount(ctx.orm.em.fork(), requireAccount(ctx), confirmName);
    return true;
  }
}
