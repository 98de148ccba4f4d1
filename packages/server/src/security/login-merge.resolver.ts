import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { limitAuthAttempts } from '../auth/auth-attempts.js';
import { Viewer } from '../auth/auth.types.js';
import { secondFactorProofOf } from '../auth/password-second-factor.js';
import { consumeRateLimit } from '../auth/rate-limit.js';
import { viewerOf } from '../auth/viewer.js';
import { PasskeyAnswerArgs } from '../passkeys/passkey.types.js';
import { rateLimitedClient } from '../http/client-address.js';
import { SignedIn } from '../request/access.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { twoFactorDeps } from '../twofactor/two-factor-deps.js';
import { mergeLoginByLink, previewMergeLink, requestLoginMergeLink } from './login-merge-link.service.js';
import { handOverMergedAssignments, mergeLogin } from './login-merge.service.js';
import { LoginMergeLink } from './security.types.js';

const refusalsOfLink =
  'MERGE_LINK_INVALID (never issued, replaced by a newer one, or its login retired or changed its address), MERGE_LINK_USED, MERGE_LINK_EXPIRED, MERGE_LINK_OTHER_LOGIN (asked for by another login: nothing is revealed or used)';

@Resolver()
export class LoginMergeResolver {
  @SignedIn()
  @Mutation(() => Viewer, {
    description:
      "Moves every membership of another login (proven by its password and, when it has one, its second factor: a code, or an answer of one of its passkeys) into the signed-in one, which keeps the higher role where both are members; the other login's sessions and API keys end and it is retired (it cannot log in; its address is free again); in each of its accounts, what it was responsible for and its open tasks pass to the signed-in login. Both addresses are mailed. Refusals change nothing: INVALID_CREDENTIALS (field password), TWO_FACTOR_CODE_REQUIRED (with extensions.totp and extensions.passkey as at logIn), INVALID_CODE, INVALID_PASSKEY, SAME_LOGIN, EMAIL_NOT_VERIFIED (the signed-in login's address), RATE_LIMITED as for log-in. Without the other login's password: requestLoginMergeLink.",
  })
  async mergeLogin(
    @Arg('email') email: string,
    @Arg('password') password: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
    @Arg('twoFactorCode', () => String, { nullable: true, description: "The other login's second factor (a code or a recovery code), when it has TOTP on." }) twoFactorCode: string | null | undefined,
    @Args() passkey: PasskeyAnswerArgs,
  ): Promise<Viewer> {
    await limitAuthAttempts(ctx, globalEm, email, 'merge attempts');
    const secondFactor = secondFactorProofOf(twoFactorCode, passkey);
    const merged = await mergeLogin(globalEm, twoFactorDeps(ctx), caller.userId, { email, password, secondFactor });
    await handOverMergedAssignments(ctx, caller, merged);
    return viewerOf(globalEm.fork(), caller.userId);
  }

  @SignedIn()
  @Mutation(() => Boolean, {
    description:
      "Mails the login with this address, if there is one, a link (`/merge-login/<token>`, once, for an hour) that merges it into the signed-in login as mergeLogin does, naming the signed-in login; only the signed-in login can use it (mergeLoginByLink). Always answers true, known address or not; SAME_LOGIN for the signed-in login's own address, EMAIL_NOT_VERIFIED (the signed-in login's), RATE_LIMITED past 3 per address or 20 per client and hour.",
  })
  async requestLoginMergeLink(@Arg('email') email: string, @Ctx() ctx: RequestContext, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<boolean> {
    const deps = { ...twoFactorDeps(ctx), logger: ctx.logger };
    await requestLoginMergeLink(globalEm, deps, ctx.config.passwordResets, caller.userId, email, rateLimitedClient(ctx.clientIp));
    return true;
  }

  @SignedIn()
  @Query(() => LoginMergeLink, { description: `What the merge link with this token would merge, without using it. ${refusalsOfLink}.` })
  async loginMergeLink(@Arg('token') token: string, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<LoginMergeLink> {
    return Object.assign(new LoginMergeLink(), await previewMergeLink(globalEm, caller.userId, token));
  }

  @SignedIn()
  @Mutation(() => Viewer, {
    description: `Merges the login a merge link was mailed to into the signed-in login that asked for it, exactly as mergeLogin does. When that login has a second factor, it is asked for too: TWO_FACTOR_CODE_REQUIRED (extensions.totp and extensions.passkey), INVALID_CODE, INVALID_PASSKEY. ${refusalsOfLink}; EMAIL_NOT_VERIFIED. A refusal leaves the link usable.`,
  })
  async mergeLoginByLink(
    @Arg('token') token: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
    @Arg('twoFactorCode', () => String, { nullable: true, description: "The other login's code or recovery code, when it has TOTP on." }) twoFactorCode: string | null | undefined,
    @Args() passkey: PasskeyAnswerArgs,
  ): Promise<Viewer> {
    await consumeRateLimit(globalEm, `merge-link-use:client:${rateLimitedClient(ctx.clientIp)}`, ctx.config.rateLimits.authPerClient, 'merge attempts');
    const secondFactor = secondFactorProofOf(twoFactorCode, passkey);
    const merged = await mergeLoginByLink(globalEm, twoFactorDeps(ctx), caller.userId, token, secondFactor);
    await handOverMergedAssignments(ctx, caller, merged);
    return viewerOf(globalEm.fork(), caller.userId);
  }
}
