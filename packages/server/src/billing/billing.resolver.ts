import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { InAccount } from '../request/access.js';
import type { AccountScope } from '../request/account-scope.js';
import { Scope, SignedInUser, Work } from '../request/parameters.js';
import { unitOfWork, type UnitOfWork } from '../request/unit-of-work.js';
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
  async subscription(@Ctx() ctx: RequestContext, @Work() work: UnitOfWork): Promise<AccountSubscription> {
    return toSubscriptionView(await subscriptionOf(work), work.globalEm, ctx.config.billing);
  }

  @InAccount('billing.manage')
  @Query(() => PlanChangePreview, { description: "What changePlan(planCode) would do now: whether it is allowed and its effect on this month's invoice." })
  async previewPlanChange(@Arg('planCode') planCode: string, @Ctx() ctx: RequestContext, @Work() work: UnitOfWork): Promise<PlanChangePreview> {
    return toPlanChangePreview(await previewPlanChange(work, ctx.config.billing, planCode));
  }

  @InAccount('billing.manage')
  @Query(() => [InvoiceView], { description: "The account's invoices, newest month first." })
  async invoices(@Work() work: UnitOfWork): Promise<InvoiceView[]> {
    return (await invoicesOfAccount(work.globalEm, work.scope.accountId)).map(toInvoiceView);
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
  async changePlan(@Arg('planCode') planCode: string, @Ctx() ctx: RequestContext, @Work() work: UnitOfWork): Promise<AccountSubscription> {
    await changePlan(work, planCode);
    return subscriptionAfterChange(work, ctx);
  }

  @InAccount('billing.manage')
  @Mutation(() => AccountSubscription, { description: 'Saves the billing details. A refusal (BAD_USER_INPUT) names the field and changes nothing.' })
  async updateBillingDetails(
    @Arg('input') input: UpdateBillingDetailsInput,
    @Ctx() ctx: RequestContext,
    @Work() work: UnitOfWork,
  ): Promise<AccountSubscription> {
    await updateBillingDetails(work, () => ibanKey(ctx.config.billing, ctx.config.dataDir), input);
    return subscriptionAfterChange(work, ctx);
  }
}

/** The subscription as stored after a change, read through a fresh global entity manager (not the one that made the change). */
async function subscriptionAfterChange(work: UnitOfWork, ctx: RequestContext): Promise<AccountSubscription> {
  return toSubscriptionView(await subscriptionOf(unitOfWork(work.scope, ctx.orm)), work.globalEm, ctx.config.billing);
}
