import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { User } from '../auth/user.entity.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { Public, SignedIn } from '../request/access.js';
import { consumeRateLimit } from '../auth/rate-limit.js';
import { rateLimitedClient } from '../http/client-address.js';
import { confirmEmailChange, requestEmailChange } from './email-change.service.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { updateName } from './profile.service.js';

@InputType({ description: "The signed-in user's name." })
export class UpdateProfileInput {
  @Field()
  firstName!: string;

  @Field()
  lastName!: string;
}

@Resolver()
export class ProfileResolver {
  @SignedIn()
  @Mutation(() => User, { description: "Changes the signed-in user's first and last name (each 1–100 characters, on one line). The language is setLocale; the e-mail address is requestEmailChange." })
  updateProfile(@Arg('input') input: UpdateProfileInput, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<User> {
    return updateName(globalEm, caller.userId, input.firstName, input.lastName);
  }

  @SignedIn()
  @Mutation(() => Boolean, {
    description:
      'Asks to change the signed-in user\'s e-mail address: needs the password (INVALID_CREDENTIALS, field currentPassword), mails a link (`/confirm-email/<token>`, once, 24 hours) to the new address, and changes nothing until it is opened. CONFLICT when another login has the address.',
  })
  async requestEmailChange(
    @Arg('email') email: string,
    @Arg('password') password: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
  ): Promise<boolean> {
    const deps = { mailer: ctx.mailer, publicUrl: ctx.config.publicUrl, attemptLimit: ctx.config.rateLimits.authPerEmail, mailLimit: ctx.config.verificationMailsPerUser };
    await requestEmailChange(globalEm, deps, caller.userId, email, password);
    return true;
  }

  @Public()
  @Mutation(() => User, {
    description:
      'Changes the address with the token of a link from requestEmailChange (works without a log-in: the link is the proof); the new address counts as verified and the old one is told by mail. VERIFICATION_LINK_INVALID, _USED or _EXPIRED; CONFLICT when another login took the address meanwhile.',
  })
  async confirmEmailChange(@Arg('token') token: string, @Ctx() ctx: RequestContext, @GlobalEm() globalEm: EntityManager): Promise<User> {
    await consumeRateLimit(globalEm, `confirm-email:client:${rateLimitedClient(ctx.clientIp)}`, ctx.config.rateLimits.authPerClient, 'confirmation attempts');
    return confirmEmailChange(globalEm, { mailer: ctx.mailer, publicUrl: ctx.config.publicUrl }, token);
  }
}
