import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditAction } from '../audit/audit-action.js';
import { audit } from '../audit/audit-trail.js';
import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { findPlan } from '../accounts/plans.js';
import { Plan } from '../accounts/plan.entity.js';
import { measureUsage } from '../accounts/usage.js';
import type { BillingConfig } from '../config/config.js';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import {
  optionalText,
  requiredText,
  validateCountry,
  validateEmail,
  validateIban,
  validateVatId,
} from './billing-details.validation.js';
import { encryptIban } from './iban-vault.js';
import { draftInvoice, type InvoiceDraft } from './invoice-run.js';
import { describeExceeded, exceededLimits, type PlanLimitExceeded, type PlanUsage } from './plan-usage.js';
import { monthOf } from './proration.js';
import { PlanChange } from './plan-change.entity.js';
import { Subscription } from './subscription.entity.js';

export const trialDays = 30;
const dayMs = 24 * 60 * 60 * 1000;

/**
 * A new account's subscription: its trial, and the first entry of its
 * package history, as rows for the transaction that creates the account to
 * insert (unmanaged: `insertTogether`).
 */
export function subscriptionStart(em: EntityManager, accountId: string, planCode: string, ownerId: string, createdAt: Date): [Subscription, PlanChange] {
  return [
    em.create(Subscription, { accountId, trialEndsAt: new Date(createdAt.getTime() + trialDays * dayMs) }, { persist: false }),
    em.create(PlanChange, { accountId, fromPlanCode: null, toPlanCode: planCode, changedAt: createdAt, changedByUserId: ownerId }, { persist: false }),
  ];
}

export interface SubscriptionState {
  subscription: Subscription;
  plan: Plan;
  usage: PlanUsage;
  planChanges: PlanChange[];
  now: Date;
}

export async function subscriptionOf(work: UnitOfWork, now = new Date()): Promise<SubscriptionState> {
  const { globalEm, scope } = work;
  const subscription = await globalEm.findOneOrFail(Subscription, { accountId: scope.accountId });
  const [{ plan_code: planCode }] = (await globalEm.execute<{ plan_code: string }[]>('select plan_code from account where id = ?', [scope.accountId])) as [
    { plan_code: string },
  ];
  return {
    subscription,
    plan: await globalEm.findOneOrFail(Plan, { code: planCode }),
    usage: await measureUsage(work),
    planChanges: await globalEm.find(PlanChange, { accountId: scope.accountId }, { orderBy: { changedAt: 'desc', id: 'desc' } }),
    now,
  };
}

/** Whole days of trial left, counting today; 0 once it has ended. */
export const trialDaysLeft = (trialEndsAt: Date, now: Date): number => Math.max(0, Math.ceil((trialEndsAt.getTime() - now.getTime()) / dayMs));

/**
 * Switches the account to another package at once and records the change.
 * A package whose limits the account's current usage exceeds is refused
 * with PLAN_LIMIT_REACHED naming every limit that is over.
 */
export async function changePlan(work: UnitOfWork, planCode: string, now = new Date()): Promise<void> {
  const { globalEm, scope } = work;
  const plan = await findPlan(globalEm, planCode, 'planCode');
  const exceeded = exceededLimits(await measureUsage(work, { lockContacts: true }), plan);
  if (exceeded.length > 0) throw planLimitReached(plan, exceeded);
  await work.untilSchemaCurrent();
  await globalEm.fork().transactional(async (em) => {
    // The row lock queues two changes of one account, so each records the package it really came from.
    const [current] = await em.execute<{ plan_code: string }[]>('select plan_code from account where id = ? for update', [scope.accountId]);
    if (current!.plan_code === plan.code) throw badUserInput('planCode', `The account is on the ${plan.name} package already.`);
    await em.execute('update account set plan_code = ? where id = ?', [plan.code, scope.accountId]);
    em.create(PlanChange, { accountId: scope.accountId, fromPlanCode: current!.plan_code, toPlanCode: plan.code, changedAt: now, changedByUserId: scope.userId });
    await em.flush();
    await audit(work, em, { action: AuditAction.PLAN_CHANGED, changes: { plan: { from: current!.plan_code, to: plan.code } } });
  });
}

function planLimitReached(plan: Plan, exceeded: PlanLimitExceeded[]): KontorError {
  return new KontorError(
    ErrorCode.PLAN_LIMIT_REACHED,
    `The account cannot move to the ${plan.name} package while it uses more than the package allows: ${describeExceeded(exceeded)}.`,
    { limits: exceeded },
  );
}

export interface PlanChangePreview {
  currentPlan: Plan;
  newPlan: Plan;
  effectiveAt: Date;
  exceeded: PlanLimitExceeded[];
  /** This month's invoice (issued next month) as things stand, and with the change made now. */
  withoutChange: InvoiceDraft | null;
  withChange: InvoiceDraft | null;
}

export async function previewPlanChange(
  work: UnitOfWork,
  billing: BillingConfig,
  planCode: string,
  now = new Date(),
): Promise<PlanChangePreview> {
  const { globalEm, scope } = work;
  const newPlan = await findPlan(globalEm, planCode, 'planCode');
  const { plan: currentPlan, usage } = await subscriptionOf(work, now);
  const month = monthOf(now);
  return {
    currentPlan,
    newPlan,
    effectiveAt: now,
    exceeded: exceededLimits(usage, newPlan),
    withoutChange: await draftInvoice(globalEm, billing, scope.accountId, month),
    withChange: await draftInvoice(globalEm, billing, scope.accountId, month, [{ planCode: newPlan.code, at: now }]),
  };
}

export interface BillingDetailsInput {
  companyName: string;
  addressLine1: string;
  addressLine2?: string | null | undefined;
  postalCode: string;
  city: string;
  country: string;
  vatId?: string | null | undefined;
  invoiceEmail: string;
  iban?: string | null | undefined;
  accountHolder?: string | null | undefined;
}

/**
 * Validates every field first (a refusal names the field and changes
 * nothing), then stores the details. The IBAN is optional: left out, the
 * stored mandate stays; given, it replaces it with a new mandate reference.
 */
export async function updateBillingDetails(
  work: UnitOfWork,
  ibanKey: () => Promise<Buffer>,
  input: BillingDetailsInput,
  now = new Date(),
): Promise<void> {
  const details = {
    companyName: requiredText(input.companyName, 'companyName', 'The company name'),
    addressLine1: requiredText(input.addressLine1, 'addressLine1', 'The address'),
    addressLine2: optionalText(input.addressLine2, 'addressLine2', 'The second address line'),
    postalCode: requiredText(input.postalCode, 'postalCode', 'The postal code', 20),
    city: requiredText(input.city, 'city', 'The city', 100),
    country: validateCountry(input.country, 'country'),
    vatId: input.vatId?.trim() ? validateVatId(input.vatId, 'vatId') : null,
    invoiceEmail: validateEmail(input.invoiceEmail, 'invoiceEmail'),
  };
  const iban = input.iban?.trim() ? validateIban(input.iban, 'iban') : undefined;
  const accountHolder = optionalText(input.accountHolder, 'accountHolder', 'The account holder');
  if (iban && !accountHolder) throw badUserInput('accountHolder', 'A SEPA direct debit mandate needs the name of the account holder.');

  const { globalEm, scope } = work;
  await work.untilSchemaCurrent();
  const key = iban ? await ibanKey() : undefined;
  await globalEm.transactional(async (em) => {
    const subscription = await em.findOneOrFail(Subscription, { accountId: scope.accountId });
    // The names of the fields that change, never their values (an IBAN, an address are not the trail's to keep).
    const changed = Object.entries(details).filter(([field, value]) => subscription[field as keyof typeof details] !== value).map(([field]) => field);
    Object.assign(subscription, details, { updatedAt: now });
    if (iban) {
      Object.assign(subscription, {
        ibanEncrypted: encryptIban(key!, scope.accountId, iban),
        ibanLast4: iban.slice(-4),
        sepaAccountHolder: accountHolder,
        sepaMandateReference: `KONTOR-${scope.accountId.slice(0, 8).toUpperCase()}-${randomUUID().slice(0, 8).toUpperCase()}`,
        sepaMandateSignedAt: now,
      });
    } else if (accountHolder && subscription.ibanLast4) {
      subscription.sepaAccountHolder = accountHolder;
    }
    await em.flush();
    await audit(work, em, { action: AuditAction.BILLING_DETAILS_CHANGED, changes: { fields: [...changed, ...(iban ? ['iban'] : [])] } });
  });
}
