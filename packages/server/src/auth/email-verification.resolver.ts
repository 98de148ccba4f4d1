import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../request/context.js';
import { Public, requireUser, SignedIn } from '../request/access.js';
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
  async verifyEmail(@Arg('token') token: string, @Ctx() ctx: RequestContext): Promise<User> {
    await consumeRateLimit(ctx.orm.em.fork(), `verify-email:client:${ctx.clientIp}`, ctx.config.rateLimits.authPerClient, 'confirmation attempts');
    return verifyEmail(ctx.orm.em.fork(), token);
  }

  @SignedIn()
  @Mutation(() => Boolean, {
    description:
      'Sends the signed-in user a new verification link; older links stop working. A few per hour (RATE_LIMITED with retryAfterSeconds); CONFLICT when the address is confirmed already.',
  })
  async resendVerificationEmail(@Ctx() ctx: RequestContext): Promise<boolean> {
    await resendVerificationMail(ctx.orm.em.fork(), verificationMailDeps(ctx), requireUser(ctx).userId);
    return true;
  }
}
