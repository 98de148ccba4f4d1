import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { limitAuthAttempts } from '../auth/auth-attempts.js';
import { Viewer } from '../auth/auth.types.js';
import { viewerOf } from '../auth/viewer.js';
import { SignedIn } from '../request/access.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { twoFactorDeps } from '../twofactor/two-factor-deps.js';
import { handOverMergedAssignments, mergeLogin } from './login-merge.service.js';

@Resolver()
export class LoginMergeResolver {
  @SignedIn()
  @Mutation(() => Viewer, {
    description:
      "Moves every membership of another login (proven by its password and, when it has one, its second factor: a code, or an answer of one of its passkeys) into the signed-in one, which keeps the higher role where both are members; the other login's sessions and API keys end and it is retired (it cannot log in; its address is free again); in each of its accounts, what it was responsible for and its open tasks pass to the signed-in login. Both addresses are mailed. Refusals change nothing: INVALID_CREDENTIALS (field password), TWO_FACTOR_CODE_REQUIRED (with extensions.totp and extensions.passkey as at logIn), INVALID_CODE, INVALID_PASSKEY, SAME_LOGIN, EMAIL_NOT_VERIFIED (the signed-in login's address), RATE_LIMITED as for log-in.",
  })
  async mergeLogin(
    @Arg('email') email: string,
    @Arg('password') password: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
    @Arg('twoFactorCode', () => String, { nullable: true, description: "The other login's second factor (a code or a recovery code), when it has TOTP on." }) twoFactorCode?: string | null,
    @Arg('passkeyChallengeId', () => ID, { nullable: true, description: "Instead of a code: the challenge of TWO_FACTOR_CODE_REQUIRED's extensions.passkey, answered by one of the other login's passkeys (passkeyResponse)." })
    passkeyChallengeId?: string | null,
    @Arg('passkeyResponse', () => String, { nullable: true, description: "The browser's AuthenticationResponseJSON, as text, for passkeyChallengeId." }) passkeyResponse?: string | null,
  ): Promise<Viewer> {
    await limitAuthAttempts(ctx, globalEm, email, 'merge attempts');
    const passkey = passkeyChallengeId && passkeyResponse ? { challengeId: passkeyChallengeId, response: passkeyResponse } : null;
    const merged = await mergeLogin(globalEm, twoFactorDeps(ctx), caller.userId, { email, password, secondFactor: { code: twoFactorCode, passkey } });
    await handOverMergedAssignments(ctx, caller, merged);
    return viewerOf(globalEm.fork(), caller.userId);
  }
}
