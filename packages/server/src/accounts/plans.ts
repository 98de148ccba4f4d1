import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '../errors/errors.js';
import { Plan } from './plan.entity.js';

/**
 * The package a code names (any case, surrounding blanks ignored), or
 * BAD_USER_INPUT on `field`. Account creation and billing both look plans up
 * here; keeping it out of account.service.ts lets billing use it without
 * importing account creation, which itself starts a subscription in billing.
 */
export async function findPlan(em: EntityManager, code: string, field: string): Promise<Plan> {
  return planOrRefusal(await em.findOne(Plan, { code: planCodeOf(code) }), code, field);
}

/** A plan's code as written in the catalogue, from what a client sent. */
export function planCodeOf(code: string): string {
  return code.trim().toUpperCase();
}

/** `plan`, looked up by the `code` a client sent (`planCodeOf`), or the refusal findPlan gives when there is none. */
export function planOrRefusal(plan: Plan | null | undefined, code: string, field: string): Plan {
  if (!plan) throw badUserInput(field, `There is no package "${code}".`);
  return plan;
}
