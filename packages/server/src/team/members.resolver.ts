import { Arg, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../accounts/roles.js';
import { InAccount } from '../request/access.js';
import { Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { deleteAccount } from './account-deletion.service.js';
import { deactivateMember, leaveAccount, listMembers, reactivateMember, setMemberRole, transferOwnership } from './members.service.js';
import { DeactivateMemberPayload, HandedOverRecords, Member } from './team.types.js';

@Resolver()
export class MembersResolver {
  @InAccount()
  @Query(() => [Member], { description: "The current account's members, active ones first, then by name." })
  members(@Work() work: UnitOfWork): Promise<Member[]> {
    return listMembers(work);
  }

  @InAccount('team.manage')
  @Mutation(() => Member, { description: "Changes a member's role. The owner's role changes only through transferOwnership." })
  setMemberRole(
    @Arg('membershipId', () => ID) membershipId: string,
    @Arg('role', () => Role) role: Role,
    @Work() work: UnitOfWork,
  ): Promise<Member> {
    return setMemberRole(work, membershipId, role);
  }

  @InAccount('team.manage')
  @Mutation(() => DeactivateMemberPayload, {
    description:
      "Ends a member's access to this account from their next request on, and hands their people, companies, deals and open tasks to the successor. The user is kept.",
  })
  deactivateMember(
    @Arg('membershipId', () => ID) membershipId: string,
    @Arg('successorMembershipId', () => ID, { description: 'An active member who takes over the records.' }) successorMembershipId: string,
    @Work() work: UnitOfWork,
  ): Promise<DeactivateMemberPayload> {
    return deactivateMember(work, membershipId, successorMembershipId);
  }

  @InAccount('team.manage')
  @Mutation(() => Member, { description: "Gives a deactivated member their access back (PLAN_LIMIT_REACHED when the package's user limit is reached)." })
  reactivateMember(@Arg('membershipId', () => ID) membershipId: string, @Work() work: UnitOfWork): Promise<Member> {
    return reactivateMember(work, membershipId);
  }

  @InAccount('account.transferOwnership')
  @Mutation(() => [Member], { description: 'Makes an active member the owner; you become a co-owner. Returns the new owner, then you.' })
  transferOwnership(@Arg('membershipId', () => ID) membershipId: string, @Work() work: UnitOfWork): Promise<Member[]> {
    return transferOwnership(work, membershipId);
  }

  @InAccount()
  @Mutation(() => HandedOverRecords, {
    description: 'Leaves the current account: your membership is deactivated and your records go to the owner. Not for the owner (transfer the ownership first).',
  })
  leaveAccount(@Work() work: UnitOfWork): Promise<HandedOverRecords> {
    return leaveAccount(work);
  }

  @InAccount('account.delete')
  @Mutation(() => Boolean, {
    description: "Deletes the current account with all its data, for good. `confirmName` must be the account's name. Every token for it stops working.",
  })
  async deleteAccount(@Arg('confirmName') confirmName: string, @Work() work: UnitOfWork): Promise<boolean> {
    await deleteAccount(work, confirmName);
    return true;
  }
}
