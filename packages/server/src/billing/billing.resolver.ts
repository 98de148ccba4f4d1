import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AccountScope } from '../request/account-scope.js';
import { InAccount } from '../request/access.js';
import { GlobalEm, Scope, SignedInUser } from '../request/parameters.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { changePlan, previewPlanChange, subscriptionOf, updateBillingDetails } from './billing.service.js';
import { AccountSubscription, InvoiceView, PlanChangePreview, UpdateBillingDetailsInput } from './billing.types.js';
import { toInvoiceView, toPlanChangePreview, toSubscriptionView } from './billing.views.js';
import { ibanKey } from './iban-vault.js';
import { invoicePdfUrl } from './invoice-download.js';
import { invoicesOfAccount } from './invoice-records.js';

@Resolver(() => InvoiceView)
export class BillingResolver {
  @InAccount('billing.manage')
  @Query(() => AccountSubscription, { description: "The account's package, trial, usage, billing details and package history." })
  async subscription(@Ctx() ctx: RequestContext, @Scope() scope: AccountScope, @GlobalEm() globalEm: EntityManager): Promise<AccountSubscription> {
    return toSubscriptionView(await subscriptionOf(scope, globalEm), globalEm, ctx.config.billing);
  }

  @InAccount('billing.manage')
  @Query(() => PlanChangePreview, { description: "What changePlan(planCode) would do now: whether it is allowed and its effect on this month's invoice." })
  async previewPlanChange(
    @Arg('planCode') planCode: string,
    @Ctx() ctx: RequestContext,
    @Scope() scope: AccountScope,
    @GlobalEm() globalEm: EntityManager,
  ): Promise<PlanChangePreview> {
    return toPlanChangePreview(await previewPlanChange(scope, globalEm, ctx.config.billing, planCode));
  }

  @InAccount('billing.manage')
  @Query(() => [InvoiceView], { description: "The account's invoices, newest month first." })
  async invoices(@Scope() scope: AccountScope, @GlobalEm() globalEm: EntityManager): Promise<InvoiceView[]> {
    return (await invoicesOfAccount(globalEm, scope.accountId)).map(toInvoiceView);
  }

  @FieldResolver(() => String)
  pdfUrl(@Root() invoice: InvoiceView, @Ctx() ctx: RequestContext, @SignedInUser() caller: UserCaller, @Scope() scope: AccountScope): Promise<string> {
    return invoicePdfUrl(ctx.keys, { invoiceId: invoice.id, userId: caller.userId, sessionId: caller.sessionId, accountId: scope.accountId });
  }

  @InAccount('billing.manage')
  @Mutation(() => AccountSubscription, {
    description:
      'Moves the account to another package at once; billed to the day. Refused with PLAN_LIMIT_REACHED (extensions.limits) while usage exceeds the new package.',
  })
  async changePlan(
    @Arg('planCode') planCode: string,
    @Ctx() ctx: RequestContext,
    @Scope() scope: AccountScope,
    @GlobalEm() em: EntityManager,
  ): Promise<AccountSubscription> {
    await changePlan(scope, em, planCode);
    return toSubscriptionView(await subscriptionOf(scope, em.fork()), em, ctx.config.billing);
  }

  @InAccount('billing.manage')
  @Mutation(() => AccountSubscription, { description: 'Saves the billing details. A refusal (BAD_USER_INPUT) names the field and changes nothing.' })
  async updateBillingDetails(
    @Arg('input') input: UpdateBillingDetailsInput,
    @Ctx() ctx: RequestContext,
    @Scope() scope: AccountScope,
    @GlobalEm() em: EntityManager,
  ): Promise<AccountSubscription> {
    await updateBillingDetails(scope, em, () => ibanKey(ctx.config.billing, ctx.config.dataDir), input);
    return toSubscriptionView(await subscriptionOf(scope, em.fork()), em, ctx.config.billing);
  }
}
