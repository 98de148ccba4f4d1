import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { PasskeyAnswerArgs } from '../passkeys/passkey.types.js';
import { rateLimitedClient } from '../http/client-address.js';
import { Public, SignedIn } from '../request/access.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { changePassword } from './password-change.service.js';
import { secondFactorProofOf } from './password-second-factor.js';
import { requestPasswordReset, resetPassword } from './password-reset.service.js';
import { consumeRateLimit } from './rate-limit.js';
import { twoFactorDeps } from '../twofactor/two-factor-deps.js';

@Resolver()
export class PasswordResolver {
  @Public()
  @Mutation(() => Boolean, {
    description:
      'Mails a link (`/reset-password/<token>`, once, for an hour) that sets a new password, if the address has a login. Always answers true, known address or not; RATE_LIMITED past 3 per address or 20 per client and hour.',
  })
  async requestPasswordReset(@Arg('email') email: string, @Ctx() ctx: RequestContext, @GlobalEm() globalEm: EntityManager): Promise<boolean> {
    const deps = { mailer: ctx.mailer, publicUrl: ctx.config.publicUrl, logger: ctx.logger };
    await requestPasswordReset(globalEm, deps, ctx.config.passwordResets, email, rateLimitedClient(ctx.clientIp));
    return true;
  }

  @Public()
  @Mutation(() => Boolean, {
    description:
      'Sets a new password with the token of a reset link. Ends every session of the login and tells it by mail. RESET_LINK_INVALID, RESET_LINK_USED or RESET_LINK_EXPIRED; BAD_USER_INPUT (field password) leaves the link usable.',
  })
  async resetPassword(@Arg('token') token: string, @Arg('password') password: string, @Ctx() ctx: RequestContext, @GlobalEm() globalEm: EntityManager): Promise<boolean> {
    await consumeRateLimit(globalEm, `reset-password:client:${rateLimitedClient(ctx.clientIp)}`, ctx.config.rateLimits.authPerClient, 'password reset attempts');
    await resetPassword(globalEm, { mailer: ctx.mailer, publicUrl: ctx.config.publicUrl }, token, password);
    return true;
  }

  @SignedIn()
  @Mutation(() => Boolean, {
    description:
      "Changes the signed-in user's password after checking the current one (INVALID_CREDENTIALS, field currentPassword) and, when the login has one, its second factor: a code (twoFactorCode), or one of its passkeys (TWO_FACTOR_CODE_REQUIRED answers extensions.totp and extensions.passkey as at logIn; INVALID_CODE, INVALID_PASSKEY). Ends every other session of the login; this one stays. Tells the login by mail.",
  })
  async changePassword(
    @Arg('currentPassword') currentPassword: string,
    @Arg('password') password: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
    @Arg('twoFactorCode', () => String, { nullable: true, description: 'A code (or a recovery code), when TOTP is on.' }) twoFactorCode: string | null | undefined,
    @Args() passkey: PasskeyAnswerArgs,
  ): Promise<boolean> {
    const deps = { mailer: ctx.mailer, publicUrl: ctx.config.publicUrl, attemptLimit: ctx.config.rateLimits.authPerEmail };
    await changePassword(globalEm, deps, caller, currentPassword, password, { deps: twoFactorDeps(ctx), proof: secondFactorProofOf(twoFactorCode, passkey) });
    return true;
  }
}
