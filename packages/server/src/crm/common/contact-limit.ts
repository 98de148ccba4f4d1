import { Plan } from '../../accounts/plan.entity.js';
import { ErrorCode, KontorError } from '../../errors/errors.js';
import type { Crm } from './crm-context.js';

/**
 * Contacts as packages count them (DESIGN.md): every person, plus every
 * company that has no people (a company with people is counted through them).
 */
export const countContactsSql = `select (select count(*) from person) + (select count(*) from company c where not exists (select 1 from person p where p.company_id = c.id)) as contacts`;

export async function countContacts(crm: Crm): Promise<number> {
  const [row] = await crm.em.execute<{ contacts: string }[]>(countContactsSql);
  return Number(row!.contacts);
}

export async function planOf(crm: Crm): Promise<Plan> {
  return await crm.ctx.orm.em.fork().findOneOrFail(Plan, { code: (await crm.scope.details()).account.planCode });
}

/**
 * Serialises changes that add contacts in one account (a transaction-level
 * advisory lock), so two creates at the limit cannot both pass the count.
 */
export async function lockContacts(crm: Crm): Promise<void> {
  await crm.em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`kontor:contacts:${crm.scope.accountId}`]);
}

/** Called after a change that may add contacts, inside its savepoint: over the limit, the change is undone. */
export async function assertWithinContactLimit(crm: Crm): Promise<void> {
  const [plan, contacts] = await Promise.all([planOf(crm), countContacts(crm)]);
  if (contacts > plan.maxContacts) {
    throw new KontorError(
      ErrorCode.PLAN_LIMIT_REACHED,
      `Your package (${plan.name}) allows ${plan.maxContacts} contacts and this account has reached it. Upgrade the package or remove contacts.`,
      { limit: 'contacts', max: plan.maxContacts },
    );
  }
}
