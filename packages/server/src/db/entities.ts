import type { EntityClass } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { Membership } from '../accounts/membership.entity.js';
import { Plan } from '../accounts/plan.entity.js';
import { User } from '../auth/user.entity.js';
import { Invoice } from '../billing/invoice.entity.js';
import { PlanChange } from '../billing/plan-change.entity.js';
import { Subscription } from '../billing/subscription.entity.js';

/** Every entity the ORM knows: global ones and account-schema ones (`schema: '*'`). */
export const entities: EntityClass<unknown>[] = [Account, Membership, Plan, User, Subscription, PlanChange, Invoice];
