import { Plan } from '../../accounts/plan.entity.js';
import { countContacts, lockContacts as lockContactsOf } from '../../accounts/usage.js';
import { ErrorCode, KontorError } from '../../errors/errors.js';
import type { Crm } from './crm-context.js';

export async function planOf(crm: Crm): Promise<Plan> {
  return await crm.ctx.orm.em.fork().findOneOrFail(Plan, { code: (await crm.scope.details()).account.planCode });
}

/** The contact lock (accounts/usage.ts), which `changePlan` takes too: two creates at the limit cannot both pass the count. */
export async function lockContacts(crm: Crm): Promise<void> {
  await lockContactsOf(crm.em, crm.scope.accountId);
}

/** Called after a change that may add contacts, inside its savepoint: over the limit, the change is undone. */
export async function assertWithinContactLimit(crm: Crm): Promise<void> {
  const [plan, contacts] = await Promise.all([planOf(crm), countContacts(crm.em)]);
  if (contacts > plan.maxContacts) {
    throw new KontorError(
      ErrorCode.PLAN_LIMIT_REACHED,
      `Your package (${plan.name}) allows ${plan.maxContacts} contacts and this account has reached it. Upgrade the package or remove contacts.`,
      { limit: 'contacts', max: plan.maxContacts },
    );
  }
}
