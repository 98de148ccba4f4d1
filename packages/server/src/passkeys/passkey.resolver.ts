import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { completeLogIn } from '../auth/auth.service.js';
import { AuthPayload } from '../auth/auth.types.js';
import { requireCurrentPassword } from '../auth/password-change.service.js';
import { consumeRateLimit } from '../auth/rate-limit.js';
import { refreshCookie } from '../auth/refresh-cookie.js';
import { User } from '../auth/user.entity.js';
import { rateLimitedClient } from '../http/client-address.js';
import { Public, SignedIn } from '../request/access.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { addPasskey, listPasskeys, relyingPartyOf, removePasskey, startLogIn, startRegistration, verifyLogIn, verifySecondFactor } from './passkey.service.js';
import { Passkey, PasskeyChallenge } from './passkey.types.js';

const mailDeps = (ctx: RequestContext) => ({ mailer: ctx.mailer, publicUrl: ctx.config.publicUrl });

@Resolver()
export class PasskeyResolver {
  @SignedIn()
  @Query(() => [Passkey], { description: "The signed-in login's passkeys." })
  passkeys(@SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<Passkey[]> {
    return listPasskeys(globalEm, caller.userId);
  }

  @SignedIn()
  @Mutation(() => PasskeyChallenge, { description: 'Options for navigator.credentials.create() to add a passkey (this site only); finish with addPasskey.' })
  startPasskeyRegistration(@Ctx() ctx: RequestContext, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<PasskeyChallenge> {
    return startRegistration(globalEm, relyingPartyOf(ctx.config.publicUrl), caller.userId);
  }

  @SignedIn()
  @Mutation(() => Passkey, { description: "Adds the passkey the browser created (its RegistrationResponseJSON as text) under a name. INVALID_PASSKEY when it does not verify; mailed to the login." })
  addPasskey(
    @Arg('challengeId', () => ID) challengeId: string,
    @Arg('response') response: string,
    @Arg('name') name: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
  ): Promise<Passkey> {
    return addPasskey(globalEm, mailDeps(ctx), relyingPartyOf(ctx.config.publicUrl), caller.userId, { challengeId, response, name });
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Removes a passkey; needs the password (INVALID_CREDENTIALS, field currentPassword). Mailed to the login.' })
  async removePasskey(
    @Arg('id', () => ID) id: string,
    @Arg('password') password: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() globalEm: EntityManager,
  ): Promise<boolean> {
    await requireCurrentPassword(globalEm, ctx.config.rateLimits.authPerEmail, caller.userId, password);
    await removePasskey(globalEm, mailDeps(ctx), caller.userId, id);
    return true;
  }

  @Public()
  @Mutation(() => PasskeyChallenge, { description: 'Options for navigator.credentials.get() to log in with a passkey of this site; finish with logInWithPasskey.' })
  async startPasskeyLogIn(@Ctx() ctx: RequestContext, @GlobalEm() globalEm: EntityManager): Promise<PasskeyChallenge> {
    await consumeRateLimit(globalEm, `auth:client:${rateLimitedClient(ctx.clientIp)}`, ctx.config.rateLimits.authPerClient, 'log-in attempts');
    return startLogIn(globalEm, relyingPartyOf(ctx.config.publicUrl));
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description:
      'Logs in with a passkey alone (its AuthenticationResponseJSON as text): no password, no code. The token is scoped as after logIn. INVALID_PASSKEY when it does not verify.',
  })
  async logInWithPasskey(
    @Arg('challengeId', () => ID) challengeId: string,
    @Arg('response') response: string,
    @Ctx() ctx: RequestContext,
    @GlobalEm() globalEm: EntityManager,
  ): Promise<AuthPayload> {
    const userId = await verifyLogIn(globalEm, relyingPartyOf(ctx.config.publicUrl), challengeId, response);
    return logInAs(ctx, globalEm, userId);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description:
      "The second step of a password log-in with a passkey: `challengeId` and the options come from logIn's TWO_FACTOR_CODE_REQUIRED (extensions.passkey), the response is the browser's AuthenticationResponseJSON as text. Only the passkeys of the login whose password was right count; the challenge works once, for 5 minutes. INVALID_PASSKEY otherwise.",
  })
  async completeLogInWithPasskey(
    @Arg('challengeId', () => ID) challengeId: string,
    @Arg('response') response: string,
    @Ctx() ctx: RequestContext,
    @GlobalEm() globalEm: EntityManager,
  ): Promise<AuthPayload> {
    await consumeRateLimit(globalEm, `auth:client:${rateLimitedClient(ctx.clientIp)}`, ctx.config.rateLimits.authPerClient, 'log-in attempts');
    const userId = await verifySecondFactor(globalEm, relyingPartyOf(ctx.config.publicUrl), challengeId, response);
    return logInAs(ctx, globalEm, userId);
  }
}

/** Starts the session of a login proven by a passkey, and sets its refresh cookie. */
async function logInAs(ctx: RequestContext, globalEm: EntityManager, userId: string): Promise<AuthPayload> {
  const user = await globalEm.fork().findOneOrFail(User, userId);
  const login = await completeLogIn(globalEm, ctx.keys, user, mailDeps(ctx), { ip: ctx.clientIp, userAgent: ctx.req.headers['user-agent'] });
  ctx.setCookie(refreshCookie(login.refresh.cookieValue, login.refresh.expiresAt, ctx.config.secureCookies));
  return login.payload;
}
