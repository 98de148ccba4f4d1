import type { UnitOfWork } from '../request/unit-of-work.js';
import { ActivityKind, recordActivity, type SubjectType } from '../crm/activity/activity.js';
import { enqueueWebhookEvent, recordPayload, type WebhookEvent } from '../webhooks/webhook-events.js';
import { writeCustomValues, withCustomValues } from './custom-field-values.js';
import { CustomFieldRecordType, type CustomFieldValueInput } from './custom-field.types.js';

const recordTypes: Record<SubjectType, CustomFieldRecordType> = {
  PERSON: CustomFieldRecordType.PERSON,
  COMPANY: CustomFieldRecordType.COMPANY,
  DEAL: CustomFieldRecordType.DEAL,
};

/**
 * The end of creating a person, company or deal, after its own columns are
 * flushed: its custom values, the timeline entry and the webhook delivery
 * (with the custom values in the payload).
 */
export async function finishCreation(
  work: UnitOfWork,
  subject: SubjectType,
  record: { id: string },
  event: WebhookEvent,
  customFields: CustomFieldValueInput[] | null | undefined,
): Promise<void> {
  await writeCustomValues(work, recordTypes[subject], record.id, customFields);
  await recordActivity(work, subject, record.id, ActivityKind.CREATED);
  await enqueueWebhookEvent(await work.accountEm(), event, await withCustomValues(work, recordTypes[subject], record.id, recordPayload(record)));
}

/**
 * The end of changing one: its custom values, then one timeline entry and one
 * webhook delivery naming what changed (its own fields and the custom fields, by name), when anything did.
 */
export async function finishUpdate(
  work: UnitOfWork,
  subject: SubjectType,
  record: { id: string },
  event: WebhookEvent,
  changed: string[],
  customFields: CustomFieldValueInput[] | null | undefined,
): Promise<void> {
  const changedCustom = await writeCustomValues(work, recordTypes[subject], record.id, customFields);
  if (changed.length === 0 && changedCustom.length === 0) return;
  await recordActivity(work, subject, record.id, ActivityKind.CHANGED, { changedFields: changed, ...(changedCustom.length > 0 ? { changedCustomFields: changedCustom } : {}) });
  await enqueueWebhookEvent(await work.accountEm(), event, await withCustomValues(work, recordTypes[subject], record.id, recordPayload(record, changed), changedCustom));
}
