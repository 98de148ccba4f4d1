import type { EntityClass } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { Membership } from '../accounts/membership.entity.js';
import { Plan } from '../accounts/plan.entity.js';
import { User } from '../auth/user.entity.js';
import { Invoice } from '../billing/invoice.entity.js';
import { PlanChange } from '../billing/plan-change.entity.js';
import { Subscription } from '../billing/subscription.entity.js';
import { Company } from '../crm/companies/company.entity.js';
import { Deal } from '../crm/deals/deal.entity.js';
import { Phase, Pipeline } from '../crm/deals/pipeline.entity.js';
import { Person } from '../crm/people/person.entity.js';
import { Tag } from '../crm/tags/tag.entity.js';
import { Note } from '../crm/notes/note.entity.js';
import { Task } from '../crm/tasks/task.entity.js';
import { OutboxMail } from '../mail/outbox-mail.entity.js';
import { Invitation } from '../team/invitation.entity.js';

/** Every entity the ORM knows: global ones and account-schema ones (`schema: '*'`). */
export const entities: EntityClass<unknown>[] = [
  Account,
  Membership,
  Plan,
  User,
  Invitation,
  OutboxMail,
  Person,
  Company,
  Tag,
  Deal,
  Pipeline,
  Phase,
  Task,
  Note,
  Subscription,
  PlanChange,
  Invoice,
];
