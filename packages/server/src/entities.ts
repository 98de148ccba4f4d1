import type { EntityClass } from '@mikro-orm/core';
import { openOrm, type OpenOrmOptions, type Orm } from './db/orm.js';
import { Account } from './accounts/account.entity.js';
import { Membership } from './accounts/membership.entity.js';
import { Plan } from './accounts/plan.entity.js';
import { ApiKey } from './apikeys/api-key.entity.js';
import { User } from './auth/user.entity.js';
import { Invoice } from './billing/invoice.entity.js';
import { PlanChange } from './billing/plan-change.entity.js';
import { Subscription } from './billing/subscription.entity.js';
import { Company } from './crm/companies/company.entity.js';
import { Deal } from './crm/deals/deal.entity.js';
import { Phase, Pipeline } from './crm/deals/pipeline.entity.js';
import { Person } from './crm/people/person.entity.js';
import { Tag } from './crm/tags/tag.entity.js';
import { Webhook, WebhookDelivery } from './webhooks/webhook.entity.js';
import { Note } from './crm/notes/note.entity.js';
import { Task } from './crm/tasks/task.entity.js';
import { OutboxMail } from './mail/outbox-mail.entity.js';
import { Invitation } from './team/invitation.entity.js';

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
  ApiKey,
  Webhook,
  WebhookDelivery,
];

/** The process's ORM over every entity above (db/orm.ts: pools, migrations, the deferred transaction start). */
export function createOrm(url: string, options: OpenOrmOptions = {}): Promise<Orm> {
  return openOrm(entities, url, options);
}
