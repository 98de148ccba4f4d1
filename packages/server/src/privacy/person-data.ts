import { isUuid } from '../crm/common/validation.js';
import type { UnitOfWork } from '../request/unit-of-work.js';

/**
 * Everything Kontor stores about one person in this account (GDPR Art. 15),
 * as one JSON document: the record with every column, and what is about
 * them (tags, deals they are a contact of, tasks, notes (confidential ones
 * too), files (what they are, not their bytes), and their timeline).
 * Read under the account's role, as every read.
 */
export const personDataFormat = 'kontor-person-data/1';

export async function personData(work: UnitOfWork, personId: string): Promise<Record<string, unknown> | null> {
  const { scope } = work;
  if (!isUuid(personId)) return null;
  const [person] = await scope.query<{ record: Record<string, unknown> }>(
    `select to_jsonb(p) - 'search_vector' - 'company_name' as record from person p where p.id = ?::uuid`,
    [personId],
  );
  if (!person) return null;
  const query = (sql: string) => scope.query(sql, [personId]);
  const [company] = await scope.query(`select c.id, c.name from company c join person p on p.company_id = c.id where p.id = ?::uuid`, [personId]);
  const details = await scope.details();
  return {
    format: personDataFormat,
    account: { id: details.account.id, name: details.account.name },
    madeAt: new Date().toISOString(),
    madeBy: work.userId,
    person: person.record,
    company: company ?? null,
    tags: (await query(`select t.name from person_tag x join tag t on t.id = x.tag_id where x.person_id = ?::uuid order by lower(t.name)`)).map((row) => row.name),
    deals: await query(`select d.id, d.title, d.status, d.created_at as "createdAt" from deal_person x join deal d on d.id = x.deal_id where x.person_id = ?::uuid order by d.created_at`),
    tasks: await query(`select id, title, due_date as "dueDate", done, done_at as "doneAt", created_at as "createdAt" from task where person_id = ?::uuid order by created_at`),
    notes: await query(`select id, body, confidential, created_by as "createdBy", created_at as "createdAt" from note where person_id = ?::uuid order by created_at`),
    files: await query(`select id, name, content_type as "contentType", size, created_at as "createdAt" from file where person_id = ?::uuid order by created_at`),
    timeline: await query(`select kind, occurred_at as "occurredAt", actor_user_id as "actorUserId", details from activity where subject_type = 'PERSON' and subject_id = ?::uuid order by occurred_at`),
  };
}
