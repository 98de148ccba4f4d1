import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireCurrentPassword } from '../auth/password-change.service.js';
import { requireSignedInSecondFactor, secondFactorProofOf } from '../auth/password-second-factor.js';
import { PasskeyAnswerArgs } from '../passkeys/passkey.types.js';
import { SignedIn } from '../request/access.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { confirmSetup, disable, regenerateRecoveryCodes, startSetup } from './two-factor.service.js';
import { twoFactorDeps } from './two-factor-deps.js';

@ObjectType({ description: 'A new TOTP secret for an authenticator app, pending until confirmTwoFactorSetup proves one of its codes.' })
export class TwoFactorSetup {
  @Field({ description: 'The secret in base32, for typing into the app by hand.' })
  secret!: string;

  @Field({ description: 'The URI (otpauth://totp/…) for the QR code the app scans.' })
  otpauthUri!: string;
}

@Resolver()
export class TwoFactorResolver {
  @SignedIn()
  @Mutation(() => TwoFactorSetup, { description: 'Starts setting up TOTP two-factor authentication: a new secret (replacing any pending one). CONFLICT when it is on already.' })
  startTwoFactorSetup(@Ctx() ctx: RequestContext, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<TwoFactorSetup> {
    return startSetup(globalEm, twoFactorDeps(ctx), caller.userId);
  }

  @SignedIn()
  @Mutation(() => [String], {
    description:
      'Turns TOTP on with a code of the pending secret and answers ten recovery codes, shown this once (each works once instead of a code). INVALID_CODE; RATE_LIMITED past 5 codes per 5 minutes.',
  })
  confirmTwoFactorSetup(@Arg('code') code: string, @Ctx() ctx: RequestContext, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<string[]> {
    return confirmSetup(globalEm, twoFactorDeps(ctx), caller.userId, code);
  }

  @SignedIn()
  @Mutation(() => [String], {
    description:
      "Ten new recovery codes for a current code (or an unused recovery code), or an answer of one of the login's passkeys; the old ones stop working. Without either: TWO_FACTOR_CODE_REQUIRED (extensions.totp and extensions.passkey as at logIn); INVALID_CODE, INVALID_PASSKEY; CONFLICT when TOTP is off.",
  })
  regenerateRecoveryCodes(
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
    @Arg('code', () => String, { nullable: true }) code: string | null | undefined,
    @Args() passkey: PasskeyAnswerArgs,
  ): Promise<string[]> {
    const deps = twoFactorDeps(ctx);
    const proof = secondFactorProofOf(code, passkey);
    return regenerateRecoveryCodes(globalEm, deps, caller.userId, () => requireSignedInSecondFactor(globalEm, deps, caller.userId, proof));
  }

  @SignedIn()
  @Mutation(() => Boolean, {
    description:
      "Turns TOTP off: needs the password (INVALID_CREDENTIALS, field currentPassword) and a code, or an answer of one of the login's passkeys (TWO_FACTOR_CODE_REQUIRED, INVALID_CODE, INVALID_PASSKEY as for regenerateRecoveryCodes).",
  })
  async disableTwoFactor(
    @Arg('password') password: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
    @Arg('code', () => String, { nullable: true }) code: string | null | undefined,
    @Args() passkey: PasskeyAnswerArgs,
  ): Promise<boolean> {
    await requireCurrentPassword(globalEm, ctx.config.rateLimits.authPerEmail, caller.userId, password);
    const deps = twoFactorDeps(ctx);
    const proof = secondFactorProofOf(code, passkey);
    await disable(globalEm, deps, caller.userId, () => requireSignedInSecondFactor(globalEm, deps, caller.userId, proof));
    return true;
  }
}
