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
  const [limit, contacts] = await Promise.all([contactLimitOf(work), countContacts(em)]);
  refuseOverContactLimit(limit, contacts);
}

/** The package's contact limit (one global row, no entity). */
export async function contactLimitOf(work: UnitOfWork): Promise<Pick<Plan, 'name' | 'maxContacts'>> {
  const code = (await work.scope.details()).account.planCode;
  const [row] = await work.globalEm.execute<{ name: string; max_contacts: number }[]>(`select name, max_contacts from plan where code = ?`, [code]);
  if (!row) throw new Error(`no plan ${code}`);
  return { name: row.name, maxContacts: row.max_contacts };
}

/** Throws PLAN_LIMIT_REACHED when `contacts`, counted after a change under the contact lock, exceed the package's limit. */
export function refuseOverContactLimit(plan: Pick<Plan, 'name' | 'maxContacts'>, contacts: number): void {
  if (contacts > plan.maxContacts) {
    throw new KontorError(
      ErrorCode.PLAN_LIMIT_REACHED,
      `Your package (${plan.name}) allows ${plan.maxContacts} contacts and this account has reached it. Upgrade the package or remove contacts.`,
      { limit: 'contacts', max: plan.maxContacts },
    );
  }
}
