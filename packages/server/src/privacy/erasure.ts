import { AuditAction } from '../audit/audit-action.js';
import { audit } from '../audit/audit-trail.js';
import { isUuid } from '../crm/common/validation.js';
import { deletePeople } from '../crm/people/person.service.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { WebhookEvent } from '../webhooks/webhook-events.js';

export interface ErasureCounts {
  notes: number;
  tasks: number;
  files: number;
  timelineEntries: number;
  webhookDeliveries: number;
  importRecords: number;
}

/**
 * Erases a person from this account (GDPR Art. 17), in the request's
 * transaction: the record with its notes, tasks, files (their bytes leave
 * the storage with the clean-up) and links, as deleting them does; then what
 * still names them: their timeline, what an import kept to undo its changes,
 * and webhook deliveries that carry their data (sent or not). Integrations
 * still learn that the person was deleted (PERSON_DELETED, their ID only).
 */
export async function erasePerson(work: UnitOfWork, personId: string): Promise<ErasureCounts> {
  const { scope } = work;
  const notFound = () => new KontorError(ErrorCode.NOT_FOUND, 'There is no person with this ID in this account.');
  if (!isUuid(personId)) throw notFound();
  const [found] = await scope.query<{ notes: string; tasks: string; files: string }>(
    `select (select count(*) from note where person_id = p.id) as notes, (select count(*) from task where person_id = p.id) as tasks,
            (select count(*) from file f where f.person_id = p.id or f.note_id in (select id from note where person_id = p.id)) as files
       from person p where p.id = ?::uuid for update`,
    [personId],
  );
  if (!found) throw notFound();
  await deletePeople(work, [personId]);
  // The trail says that it happened and to whom by ID: nothing of the person's data.
  await audit(work, await work.accountEm(), { action: AuditAction.PERSON_ERASED, target: { type: 'PERSON', id: personId } });
  const deleted = async (sql: string, params: unknown[] = [personId]) => (await scope.query(`with gone as (${sql} returning 1) select count(*) as n from gone`, params))[0]!.n;
  const timelineEntries = await deleted(`delete from activity where subject_type = 'PERSON' and subject_id = ?::uuid`);
  const importRecords = await deleted(`delete from import_change where record_id = ?::uuid`);
  const webhookDeliveries = await deleted(`delete from webhook_delivery where payload -> 'record' ->> 'id' = ? and event <> ?`, [personId, WebhookEvent.PERSON_DELETED]);
  return {
    notes: Number(found.notes),
    tasks: Number(found.tasks),
    files: Number(found.files),
    timelineEntries: Number(timelineEntries),
    webhookDeliveries: Number(webhookDeliveries),
    importRecords: Number(importRecords),
  };
}
