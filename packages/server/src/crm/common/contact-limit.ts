import { Plan } from '../../accounts/plan.entity.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { countContacts, lockContacts as lockContactsOf } from '../../accounts/usage.js';
import { ErrorCode, KontorError } from '../../errors/errors.js';

export async function planOf(work: UnitOfWork): Promise<Plan> {
  return await work.globalEm.findOneOrFail(Plan, { code: (await work.scope.details()).account.planCode });
}

/** The contact lock (accounts/usage.ts), which `changePlan` takes too: two creates at the limit cannot both pass the count. */
export async function lockContacts(work: UnitOfWork): Promise<void> {
  const em = await work.accountEm();
  await lockContactsOf(em, work.scope.accountId);
}

/** Called after a change that may add contacts, inside its savepoint: over the limit, the change is undone. */
export async function assertWithinContactLimit(work: UnitOfWork): Promise<void> {
  const em = await work.accountEm();
  const [plan, contacts] = await Promise.all([planOf(work), countContacts(em)]);
  if (contacts > plan.maxContacts) {
    throw new KontorError(
      ErrorCode.PLAN_LIMIT_REACHED,
      `Your package (${plan.name}) allows ${plan.maxContacts} contacts and this account has reached it. Upgrade the package or remove contacts.`,
      { limit: 'contacts', max: plan.maxContacts },
    );
  }
}
