import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { activeMembership } from '../accounts/account.service.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { Public, SignedIn } from '../request/access.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { logIn, setLocale, signUp } from './auth.service.js';
import { authPayload } from './session-start.js';
import { AuthPayload, SignUpInput, SignUpPayload, Viewer } from './auth.types.js';
import { verificationMailDeps } from './email-verification.resolver.js';
import { consumeRateLimit } from './rate-limit.js';
import { clearedRefreshCookie, readRefreshCookie, refreshCookie } from './refresh-cookie.js';
import { revokeSession, revokeSessionOfCookie, rotateRefreshToken, type IssuedRefreshToken } from './session.service.js';
import { User } from './user.entity.js';
import { rateLimitedClient } from '../http/client-address.js';
import { limitAuthAttempts } from './auth-attempts.js';
import { viewerOf } from './viewer.js';
import { twoFactorDeps } from '../twofactor/two-factor-deps.js';

@Resolver()
export class AuthResolver {
  @Public()
  @Mutation(() => SignUpPayload, {
    description: 'Sign up. New e-mail: creates a login and an account (ACCOUNT_CREATED). Known e-mail with the right password: creates nothing (EXISTING_LOGIN).',
  })
  async signUp(@Arg('input') input: SignUpInput, @Ctx() ctx: RequestContext, @GlobalEm() globalEm: EntityManager): Promise<SignUpPayload> {
    await limitAuthAttempts(ctx, globalEm, input.email, 'sign-up attempts');
    const { outcome, login } = await signUp(globalEm, ctx.keys, input, clientOf(ctx), verificationMailDeps(ctx), ctx.config.accountCreation);
    setRefreshCookie(ctx, login.refresh);
    return { outcome, auth: login.payload };
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description:
      'Log in. The token is scoped to the account used last, or unscoped when the user has no active account. With two-factor authentication on, the right password without `twoFactorCode` answers TWO_FACTOR_CODE_REQUIRED (and no token), a wrong code INVALID_CODE; a recovery code works once instead of a code.',
  })
  async logIn(
    @Arg('email') email: string,
    @Arg('password') password: string,
    @Ctx() ctx: RequestContext,
    @GlobalEm() globalEm: EntityManager,
    @Arg('twoFactorCode', () => String, { nullable: true }) twoFactorCode?: string | null,
  ): Promise<AuthPayload> {
    await limitAuthAttempts(ctx, globalEm, email, 'log-in attempts');
    const login = await logIn(globalEm, ctx.keys, { email, password, twoFactorCode }, twoFactorDeps(ctx), clientOf(ctx));
    setRefreshCookie(ctx, login.refresh);
    return login.payload;
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description:
      'A new access token from the refresh cookie, which is rotated. Scoped to `accountId` or `accountSlug` when given (an active membership is required), else unscoped.',
  })
  async refreshSession(
    @Ctx() ctx: RequestContext,
    @GlobalEm() em: EntityManager,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string,
    @Arg('accountSlug', () => String, { nullable: true }) accountSlug?: string,
  ): Promise<AuthPayload> {
    const cookie = readRefreshCookie(ctx.req);
    if (!cookie) throw new KontorError(ErrorCode.UNAUTHENTICATED, 'You are not logged in.');
    await consumeRateLimit(em, `refresh:client:${rateLimitedClient(ctx.clientIp)}`, ctx.config.rateLimits.refreshPerClient, 'session refreshes');
    const outcome = await rotateRefreshToken(em, cookie).catch((error: unknown) => {
      ctx.setCookie(clearedRefreshCookie(ctx.config.secureCookies));
      throw error;
    });
    if (outcome.kind === 'rotated') setRefreshCookie(ctx, outcome.refresh);
    const user = await em.findOneOrFail(User, outcome.userId);
    let account: Account | undefined;
    if (accountId) account = (await activeMembership(em, user.id, accountId)).account;
    else if (accountSlug) {
      const bySlug = await em.findOne(Account, { slug: accountSlug });
      account = (await activeMembership(em, user.id, bySlug?.id ?? 'none')).account;
    }
    return authPayload(ctx.keys, user, outcome.sessionId, account);
  }

  @Public()
  @Mutation(() => Boolean, { description: "Ends the session (of the token, or else of the refresh cookie) and clears the cookie. Every token of the session stops working." })
  async logOut(@Ctx() ctx: RequestContext, @GlobalEm() em: EntityManager): Promise<boolean> {
    // The access token is signed, so its session ID is proof enough; a cookie must prove its secret.
    const cookie = readRefreshCookie(ctx.req);
    if (ctx.caller.kind === 'user') await revokeSession(em, ctx.caller.sessionId, 'logged out');
    // The cookie is cleared below: its session (another one after a second log-in) ends with it.
    if (cookie) await revokeSessionOfCookie(em, cookie, 'logged out');
    ctx.setCookie(clearedRefreshCookie(ctx.config.secureCookies));
    return true;
  }

  @SignedIn()
  @Query(() => Viewer, { description: 'The signed-in user and their memberships.' })
  me(@SignedInUser() caller: UserCaller, @GlobalEm() em: EntityManager): Promise<Viewer> {
    return viewerOf(em, caller.userId);
  }

  @SignedIn()
  @Mutation(() => User, { description: "Remembers the signed-in user's language (de, en or es) for the next log-in, on any device." })
  setLocale(@Arg('locale') locale: string, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<User> {
    return setLocale(globalEm, caller.userId, locale);
  }
}

function clientOf(ctx: RequestContext) {
  return { ip: ctx.clientIp, userAgent: ctx.req.headers['user-agent'] };
}

function setRefreshCookie(ctx: RequestContext, refresh: IssuedRefreshToken): void {
  ctx.setCookie(refreshCookie(refresh.cookieValue, refresh.expiresAt, ctx.config.secureCookies));
}
