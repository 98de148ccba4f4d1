import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { InAccount, requireAccount, requireUser } from '../request/access.js';
import type { RequestContext } from '../request/context.js';
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
  async subscription(@Ctx() ctx: RequestContext): Promise<AccountSubscription> {
    const em = ctx.orm.em.fork();
    return toSubscriptionView(await subscriptionOf(requireAccount(ctx), em), em, ctx.config.billing);
  }

  @InAccount('billing.manage')
  @Query(() => PlanChangePreview, { description: "What changePlan(planCode) would do now: whether it is allowed and its effect on this month's invoice." })
  async previewPlanChange(@Arg('planCode') planCode: string, @Ctx() ctx: RequestContext): Promise<PlanChangePreview> {
    return toPlanChangePreview(await previewPlanChange(requireAccount(ctx), ctx.orm.em.fork(), ctx.config.billing, planCode));
  }

  @InAccount('billing.manage')
  @Query(() => [InvoiceView], { description: "The account's invoices, newest month first." })
  async invoices(@Ctx() ctx: RequestContext): Promise<InvoiceView[]> {
    return (await invoicesOfAccount(ctx.orm.em.fork(), requireAccount(ctx).accountId)).map(toInvoiceView);
  }

  @FieldResolver(() => String)
  pdfUrl(@Root() invoice: InvoiceView, @Ctx() ctx: RequestContext): Promise<string> {
    const caller = requireUser(ctx);
    const scope = requireAccount(ctx);
    return invoicePdfUrl(ctx.keys, { invoiceId: invoice.id, userId: caller.userId, sessionId: caller.sessionId, accountId: scope.accountId });
  }

  @InAccount('billing.manage')
  @Mutation(() => AccountSubscription, {
    description:
      'Moves the account to another package at once; billed to the day. Refused with PLAN_LIMIT_REACHED (extensions.limits) while usage exceeds the new package.',
  })
  async changePlan(@Arg('planCode') planCode: string, @Ctx() ctx: RequestContext): Promise<AccountSubscription> {
    const scope = requireAccount(ctx);
    const em = ctx.orm.em.fork();
    await changePlan(scope, em, planCode);
    return toSubscriptionView(await subscriptionOf(scope, em.fork()), em, ctx.config.billing);
  }

  @InAccount('billing.manage')
  @Mutation(() => AccountSubscription, { description: 'Saves the billing details. A refusal (BAD_USER_INPUT) names the field and changes nothing.' })
  async updateBillingDetails(@Arg('input') input: UpdateBillingDetailsInput, @Ctx() ctx: RequestContext): Promise<AccountSubscription> {
    const scope = requireAccount(ctx);
    const em = ctx.orm.em.fork();
    await updateBillingDetails(scope, em, () => ibanKey(ctx.config.billing, ctx.config.dataDir), input);
    return toSubscriptionView(await subscriptionOf(scope, em.fork()), em, ctx.config.billing);
  }
}
