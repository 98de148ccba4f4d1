import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext, UserCaller } from '../request/context.js';
import { Public, SignedIn } from '../request/access.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { resendVerificationMail, verifyEmail, type VerificationMailDeps } from './email-verification.service.js';
import { consumeRateLimit } from './rate-limit.js';
import { User } from './user.entity.js';

export const verificationMailDeps = (ctx: RequestContext): VerificationMailDeps => ({
  mailer: ctx.mailer,
  publicUrl: ctx.config.publicUrl,
  mailLimit: ctx.config.verificationMailsPerUser,
});

@Resolver()
export class EmailVerificationResolver {
  @Public()
  @Mutation(() => User, {
    description:
      'Confirms the e-mail address a verification link was sent to (the last part of `/verify-email/<token>`); works without being logged in. ' +
      'Each link works once, for 48 hours, and only the newest one sent. Refused with VERIFICATION_LINK_INVALID, VERIFICATION_LINK_USED or VERIFICATION_LINK_EXPIRED.',
  })
  async verifyEmail(@Arg('token') token: string, @Ctx() ctx: RequestContext, @GlobalEm() globalEm: EntityManager): Promise<User> {
    await consumeRateLimit(globalEm, `verify-email:client:${ctx.clientIp}`, ctx.config.rateLimits.authPerClient, 'confirmation attempts');
    return verifyEmail(globalEm.fork(), token);
  }

  @SignedIn()
  @Mutation(() => Boolean, {
    description:
      'Sends the signed-in user a new verification link; older links stop working. A few per hour (RATE_LIMITED with retryAfterSeconds); CONFLICT when the address is confirmed already.',
  })
  async resendVerificationEmail(@Ctx() ctx: RequestContext, @GlobalEm() globalEm: EntityManager, @SignedInUser() caller: UserCaller): Promise<boolean> {
    await resendVerificationMail(globalEm, verificationMailDeps(ctx), caller.userId);
    return true;
  }
}
