import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { InAccount, SignedIn } from '../request/access.js';
import { GlobalEm, SignedInUser, Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { authPayload, openableOrNone } from '../auth/session-start.js';
import { AuthPayload, Viewer } from '../auth/auth.types.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { badUserInput } from '../errors/errors.js';
import { acceptInvitation, type InvitationKey } from './invitation-acceptance.js';
import { Invitation } from './invitation.entity.js';
import { inviteUser, listOpenInvitations, pendingInvitationsFor, resendInvitation, withdrawInvitation } from './invitation.service.js';
import { InviteUserInput, PendingInvitation } from './team.types.js';

const mailDeps = (ctx: RequestContext) => ({ mailer: ctx.mailer, publicUrl: ctx.config.publicUrl, mailLimit: ctx.config.invitationMailsPerAccount });

@Resolver()
export class InvitationsResolver {
  @InAccount('team.manage')
  @Mutation(() => Invitation, { description: 'Invites someone into the current account by e-mail, with a link valid for 7 days. The inviter needs a verified e-mail address (EMAIL_NOT_VERIFIED).' })
  inviteUser(
    @Arg('input') input: InviteUserInput,
    @Ctx() ctx: RequestContext,
    @Work() work: UnitOfWork,
  ): Promise<Invitation> {
    return inviteUser(work, mailDeps(ctx), input);
  }

  @InAccount('team.manage')
  @Query(() => [Invitation], { description: "The current account's invitations that were neither accepted nor withdrawn (expired ones included), newest first." })
  invitations(@Work() work: UnitOfWork): Promise<Invitation[]> {
    return listOpenInvitations(work);
  }

  @InAccount('team.manage')
  @Mutation(() => Invitation, { description: "Withdraws an invitation: its link stops working." })
  withdrawInvitation(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<Invitation> {
    return withdrawInvitation(work, id);
  }

  @InAccount('team.manage')
  @Mutation(() => Invitation, { description: 'Sends a new link, valid for another 7 days; the previous link stops working.' })
  resendInvitation(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Work() work: UnitOfWork,
  ): Promise<Invitation> {
    return resendInvitation(work, mailDeps(ctx), id);
  }

  @SignedIn()
  @Mutation(() => AuthPayload, {
    description:
      "Accepts an invitation to the signed-in user's e-mail address, by the link's token or by its ID (from me.pendingInvitations), and returns a token scoped to the account joined. " +
      'By ID only with a verified address (EMAIL_NOT_VERIFIED); the link\'s token proves the mailbox and verifies the address.',
  })
  async acceptInvitation(
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
    @Arg('token', () => String, { nullable: true, description: 'The last part of the invitation link.' }) token?: string | null,
    @Arg('invitationId', () => ID, { nullable: true }) invitationId?: string | null,
  ): Promise<AuthPayload> {
    if (!token === !invitationId) throw badUserInput('token', 'Give either the token of the invitation link or the invitation ID.');
    const key: InvitationKey = token ? { token } : { invitationId: invitationId! };
    const { user, account } = await acceptInvitation(globalEm, caller.userId, key);
    // Joined either way; an account that requires a second factor the login lacks is opened later, after its set-up.
    return authPayload(ctx.keys, user, caller.sessionId, openableOrNone(account, user));
  }
}

@Resolver(() => Viewer)
export class ViewerInvitationsResolver {
  @FieldResolver(() => [PendingInvitation], { description: 'Live invitations to your e-mail address, for accounts you are not an active member of. Empty until the address is verified.' })
  pendingInvitations(@Root() viewer: Viewer, @GlobalEm() globalEm: EntityManager): Promise<PendingInvitation[]> {
    return pendingInvitationsFor(globalEm, viewer.user);
  }
}
