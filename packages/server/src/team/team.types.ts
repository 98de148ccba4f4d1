import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Membership } from '../accounts/membership.entity.js';
import { MembershipStatus, Role } from '../accounts/roles.js';

@InputType({ description: 'Whom to invite into the current account, and as what.' })
export class InviteUserInput {
  @Field({ description: 'The invitation link goes here; only a login with this address can accept it.' })
  email!: string;

  @Field()
  firstName!: string;

  @Field()
  lastName!: string;

  @Field(() => Role, { description: 'CO_OWNER, EXTENDED or NORMAL. An account has one owner: see transferOwnership.' })
  role!: Role;
}

@ObjectType({ description: "A member of the current account: a user's membership there." })
export class Member {
  @Field(() => ID, { description: 'The membership ID: the one the team mutations take.' })
  id!: string;

  @Field(() => ID)
  userId!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => MembershipStatus, { description: 'DEACTIVATED members cannot use the account and do not count against the user limit.' })
  status!: MembershipStatus;

  @Field(() => Date, { nullable: true, description: 'When the member last made a request in this account (updated at most every few minutes).' })
  lastActiveAt!: Date | null;

  @Field({ description: 'When the membership began.' })
  joinedAt!: Date;

  @Field({ description: 'Whether the member\'s login has a second factor, TOTP or a passkey (needed where the account requires one).' })
  twoFactorEnabled!: boolean;

  /** Needs `membership.user` populated. */
  static of(membership: Membership): Member {
    return Object.assign(new Member(), {
      id: membership.id,
      userId: membership.user.id,
      name: membership.user.name,
      email: membership.user.email,
      role: membership.role,
      status: membership.status,
      lastActiveAt: membership.lastActiveAt ?? null,
      joinedAt: membership.createdAt,
      twoFactorEnabled: membership.user.hasSecondFactor,
    });
  }
}

@ObjectType({ description: 'How many records moved to the successor.' })
export class HandedOverRecords {
  @Field(() => Int)
  people!: number;

  @Field(() => Int)
  companies!: number;

  @Field(() => Int)
  deals!: number;

  @Field(() => Int, { description: 'Open tasks only; done tasks keep their assignee.' })
  openTasks!: number;
}

@ObjectType({ description: 'A deactivated member and what was handed over to their successor.' })
export class DeactivateMemberPayload {
  @Field(() => Member)
  member!: Member;

  @Field(() => Member)
  successor!: Member;

  @Field(() => HandedOverRecords)
  handedOver!: HandedOverRecords;
}

@ObjectType({ description: 'An invitation waiting for the signed-in user (to their e-mail address), so the account switcher can offer it.' })
export class PendingInvitation {
  @Field(() => ID, { description: 'Pass to acceptInvitation(invitationId:).' })
  id!: string;

  @Field()
  accountName!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true })
  invitedByName!: string | null;

  @Field()
  expiresAt!: Date;
}
