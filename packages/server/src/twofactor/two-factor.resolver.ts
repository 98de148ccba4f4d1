import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireCurrentPassword } from '../auth/password-change.service.js';
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
  @Mutation(() => [String], { description: 'Ten new recovery codes for a current code (or an unused recovery code); the old ones stop working.' })
  regenerateRecoveryCodes(@Arg('code') code: string, @Ctx() ctx: RequestContext, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<string[]> {
    return regenerateRecoveryCodes(globalEm, twoFactorDeps(ctx), caller.userId, code);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Turns two-factor authentication off: needs the password (INVALID_CREDENTIALS, field currentPassword) and a code (INVALID_CODE).' })
  async disableTwoFactor(
    @Arg('password') password: string,
    @Arg('code') code: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
  ): Promise<boolean> {
    await requireCurrentPassword(globalEm, ctx.config.rateLimits.authPerEmail, caller.userId, password);
    await disable(globalEm, twoFactorDeps(ctx), caller.userId, code);
    return true;
  }
}
