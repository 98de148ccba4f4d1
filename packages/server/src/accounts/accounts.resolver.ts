import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { authPayload } from '../auth/session-start.js';
import { AuthPayload } from '../auth/auth.types.js';
import { Public, SignedIn, SignedInCheckedWithFirstRead } from '../request/access.js';
import { requireMayOpen } from '../twofactor/two-factor-policy.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { assertEmailVerified } from '../auth/email-verification.service.js';
import { User } from '../auth/user.entity.js';
import { chosenLocale, validLocale } from '../auth/users.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { Account } from './account.entity.js';
import { countAccountCreation } from './account-creation-limits.js';
import { accountToEnter, createAccount, recordAccountEntered, validateAccountName } from './account.service.js';
import { findPlan, planCodeOf, planOrRefusal } from './plans.js';
import { quoteLiteral } from '../db/sql.js';
import { Plan } from './plan.entity.js';

@InputType({ description: 'A new account for the signed-in user, who becomes its owner.' })
export class CreateAccountInput {
  @Field()
  name!: string;

  @Field({ description: 'Plan.code of its package.' })
  planCode!: string;

  @Field(() => String, { nullable: true, description: "The language of the account's defaults (the default pipeline's phase names): de, en or es. Without it, the user's chosen language, else English." })
  locale?: string | null;
}

@Resolver()
export class AccountsResolver {
  @Public()
  @Query(() => [Plan], { description: 'The package catalogue, cheapest first.' })
  plans(@GlobalEm() globalEm: EntityManager): Promise<Plan[]> {
    return globalEm.find(Plan, {}, { orderBy: { sortOrder: 'asc' } });
  }

  @SignedIn()
  @Query(() => Account, { nullable: true, description: 'The account the access token is scoped to, or null when it is unscoped.' })
  async currentAccount(@SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<Account | null> {
    // Null too when the membership is deactivated or gone (@SignedIn has run the caller check).
    if (!caller.scope || !caller.check.hasPassed()) return null;
    return globalEm.findOne(Account, caller.scope.accountId);
  }

  /**
   * The caller check travels with the reads of the user and the package; then the two counts of new accounts, and
   * the creating transaction (account.service.ts).
   */
  @SignedInCheckedWithFirstRead()
  @Mutation(() => AuthPayload, {
    description:
      'Creates an account owned by the signed-in user and returns a token scoped to it. Needs a verified e-mail address (EMAIL_NOT_VERIFIED); the account made at sign-up does not. ACCOUNT_LIMIT_REACHED when the user owns the most accounts one may; RATE_LIMITED past the hourly number of new accounts.',
  })
  async createAccount(
    @Arg('input') input: CreateAccountInput,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() em: EntityManager,
  ): Promise<AuthPayload> {
    const [users, plans] = await caller.check.sessionLiveWith(em, [
      `select * from app_user where id = ${quoteLiteral(caller.userId)}`,
      `select * from plan where code = ${quoteLiteral(planCodeOf(input.planCode))}`,
    ]);
    const user = em.map(User, users![0]!);
    assertEmailVerified(user.emailVerifiedAt != null, 'Creating another account');
    const name = validateAccountName(input.name, 'name');
    const plan = planOrRefusal(plans![0] && em.map(Plan, plans![0]), input.planCode, 'planCode');
    const limits = ctx.config.accountCreation;
    await countAccountCreation(em, limits, { clientIp: ctx.clientIp, userId: caller.userId });
    const locale = (input.locale == null ? null : validLocale(input.locale, 'locale')) ?? chosenLocale(user.locale) ?? 'en';
    const account = await createAccount(em, caller.userId, name, plan, limits.ownedPerUser, locale);
    return authPayload(ctx.keys, user, caller.sessionId, account);
  }

  /** Two round trips: the caller check with the look-ups, then both writes (account.service.ts). */
  @SignedInCheckedWithFirstRead()
  @Mutation(() => AuthPayload, { description: 'A token scoped to another account of the signed-in user (the membership must be active). No new log-in.' })
  async switchAccount(
    @Arg('accountId', () => ID) accountId: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @GlobalEm() em: EntityManager,
  ): Promise<AuthPayload> {
    const { account, user } = await accountToEnter(em, caller.check, caller.userId, accountId);
    // Refused before anything is written: no ACCOUNT_OPENED entry for an account the login may not open.
    requireMayOpen(account, user);
    await recordAccountEntered(ctx.orm, em, account, { userId: caller.userId, apiKeyId: null, clientAddress: ctx.clientIp });
    return authPayload(ctx.keys, user, caller.sessionId, account);
  }
}
