import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { can } from '../policies/account-rights.js';
import { audit } from '../audit/audit-trail.js';
import { AuditAction } from '../audit/audit-action.js';
import { countContacts } from '../accounts/usage.js';
import { ActivityKind, recordActivity, type SubjectType } from '../crm/activity/activity.js';
import { lockContacts, planOf } from '../crm/common/contact-limit.js';
import { createCompany } from '../crm/companies/company.service.js';
import { createPerson } from '../crm/people/person.service.js';
import { createDeal } from '../crm/deals/deal.service.js';
import type { DealStatus } from '../crm/deals/deal.entity.js';
import { createNote } from '../crm/notes/note.service.js';
import { createTask } from '../crm/tasks/task.service.js';
import { CustomFieldRecordType } from '../customfields/custom-field.types.js';
import { pgArray } from '../crm/common/loaders.js';
import { CustomValueMapping } from './copy-custom-values.js';
import type { CopySource, SourceCompany, SourceDeal, SourceNote, SourcePerson, SourceTask } from './copy-source.js';
import { CopyDuplicateMode } from './copy.types.js';

export interface CopyCounts {
  peopleCopied: number;
  peopleSkipped: number;
  companiesCopied: number;
  companiesSkipped: number;
  notesCopied: number;
  tasksCopied: number;
  tasksUnassigned: number;
  dealsCopied: number;
  confidentialNotesLeft: number;
  customFieldsDropped: string[];
}

/** What was written into the target: the counts, and the source records that now have a copy (for their COPIED_TO entries). */
export interface CopyWritten {
  counts: CopyCounts;
  copiedPeople: string[];
  copiedCompanies: string[];
  copiedDeals: string[];
}

/**
 * Writes a copy into the target account (`work`: its unit of work, under the
 * caller's role there) through the same services as its own creates, so
 * validation, custom values, webhooks and the contact limit are the target's.
 * All or nothing: over the contact limit it throws PLAN_LIMIT_REACHED with how
 * many contacts would still fit (`fits`), and the target's transaction is rolled back.
 */
export async function writeCopy(work: UnitOfWork, source: CopySource, duplicates: CopyDuplicateMode): Promise<CopyWritten> {
  await lockContacts(work);
  const em = await work.accountEm();
  const [plan, before] = await Promise.all([planOf(work), countContacts(em)]);
  try {
    return await new CopyWriter(work, source, duplicates).write();
  } catch (error) {
    if (!(error instanceof KontorError) || error.extensions.code !== ErrorCode.PLAN_LIMIT_REACHED) throw error;
    const fits = Math.max(0, plan.maxContacts - before);
    throw new KontorError(
      ErrorCode.PLAN_LIMIT_REACHED,
      `The package of the target account (${plan.name}) allows ${plan.maxContacts} contacts; ${fits} more would fit, fewer than this copy needs. Nothing was copied.`,
      { limit: 'contacts', max: plan.maxContacts, fits },
    );
  }
}

class CopyWriter {
  private readonly counts: CopyCounts = {
    peopleCopied: 0,
    peopleSkipped: 0,
    companiesCopied: 0,
    companiesSkipped: 0,
    notesCopied: 0,
    tasksCopied: 0,
    tasksUnassigned: 0,
    dealsCopied: 0,
    confidentialNotesLeft: 0,
    customFieldsDropped: [],
  };
  private readonly customValues: CustomValueMapping;
  /** Source company ID → the target's company: its copy, the one it duplicates, or one of the same name. */
  private readonly companies = new Map<string, string>();
  private readonly people = new Map<string, string>();
  private readonly tagIds = new Map<string, string>();
  private members: Promise<Set<string>> | undefined;
  private readonly written: CopyWritten = { counts: this.counts, copiedPeople: [], copiedCompanies: [], copiedDeals: [] };

  constructor(
    private readonly work: UnitOfWork,
    private readonly source: CopySource,
    private readonly duplicates: CopyDuplicateMode,
  ) {
    this.customValues = new CustomValueMapping(work.scope);
  }

  async write(): Promise<CopyWritten> {
    for (const company of this.source.companies) await this.copyCompany(company);
    for (const person of this.source.people) await this.copyPerson(person);
    for (const deal of this.source.deals) await this.copyDeal(deal);
    this.counts.customFieldsDropped = [...this.customValues.dropped].sort();
    await audit(this.work, await this.work.accountEm(), {
      action: AuditAction.RECORDS_COPIED_IN,
      target: { type: 'ACCOUNT', id: this.source.account.id, label: this.source.account.name },
      changes: { people: this.counts.peopleCopied, companies: this.counts.companiesCopied, deals: this.counts.dealsCopied, notes: this.counts.notesCopied, tasks: this.counts.tasksCopied },
    });
    return this.written;
  }

  private async copyCompany(company: SourceCompany): Promise<void> {
    if (await this.skippedAsDuplicate('company', company, this.companies)) {
      this.counts.companiesSkipped++;
      return;
    }
    const id = await this.createCompany(company);
    this.written.copiedCompanies.push(company.id);
    await this.copyActivity({ companyId: id }, company.notes, company.tasks);
  }

  private async createCompany(company: SourceCompany): Promise<string> {
    const created = await createCompany(this.work, {
      name: company.name,
      website: company.website ?? undefined,
      emails: company.emails,
      phones: company.phones,
      address: company.address,
      responsibleUserId: await this.member(company.responsibleUserId),
      tagIds: await this.tags(company.tags),
      customFields: await this.customValues.inputsFor(CustomFieldRecordType.COMPANY, company.customValues),
    });
    this.companies.set(company.id, created.id);
    this.counts.companiesCopied++;
    await this.copiedFrom('COMPANY', created.id);
    return created.id;
  }

  private async copyPerson(person: SourcePerson): Promise<void> {
    if (await this.skippedAsDuplicate('person', person, this.people)) {
      this.counts.peopleSkipped++;
      return;
    }
    const created = await createPerson(this.work, {
      firstName: person.firstName,
      lastName: person.lastName,
      emails: person.emails,
      phones: person.phones,
      position: person.position ?? undefined,
      birthday: person.birthday ?? undefined,
      importantDates: person.importantDates,
      address: person.address,
      companyId: person.companyId ? await this.companyFor(person.companyId) : undefined,
      responsibleUserId: await this.member(person.responsibleUserId),
      tagIds: await this.tags(person.tags),
      customFields: await this.customValues.inputsFor(CustomFieldRecordType.PERSON, person.customValues),
    });
    this.people.set(person.id, created.id);
    this.counts.peopleCopied++;
    this.written.copiedPeople.push(person.id);
    await this.copiedFrom('PERSON', created.id);
    await this.copyActivity({ personId: created.id }, person.notes, person.tasks);
  }

  /** A person's company that was not chosen: the target's company of the same name (case aside), else a copy of it (without notes and tasks). */
  private async companyFor(sourceCompanyId: string): Promise<string> {
    const known = this.companies.get(sourceCompanyId);
    if (known) return known;
    const company = this.source.linkedCompanies.get(sourceCompanyId)!;
    const [match] = await this.work.scope.query<{ id: string }>(`select id from company where lower(name) = lower(?) order by created_at, id limit 1`, [company.name]);
    if (match) {
      this.companies.set(sourceCompanyId, match.id);
      return match.id;
    }
    return this.createCompany(company);
  }

  private async copyDeal(deal: SourceDeal): Promise<void> {
    const personIds = deal.personIds.map((id) => this.people.get(id)).filter((id): id is string => id !== undefined);
    const created = await createDeal(this.work, {
      title: deal.title,
      companyId: deal.companyId ? this.companies.get(deal.companyId) : undefined,
      personIds,
      ...(await this.phaseFor(deal)),
      value: { amountCents: deal.valueCents, currency: deal.currency },
      probability: deal.probability,
      targetDate: deal.targetDate ?? undefined,
      status: deal.status as DealStatus,
      tagIds: await this.tags(deal.tags),
    });
    this.counts.dealsCopied++;
    this.written.copiedDeals.push(deal.id);
    await this.copiedFrom('DEAL', created.id);
    await this.copyActivity({ dealId: created.id }, deal.notes, deal.tasks);
  }

  /** The target's phase of the same pipeline and phase name; else its pipeline of the same name; else its first (createDeal's default). */
  private async phaseFor(deal: SourceDeal): Promise<{ pipelineId?: string; phaseId?: string }> {
    const [row] = await this.work.scope.query<{ pipeline_id: string; phase_id: string | null }>(
      `select pl.id as pipeline_id, (select ph.id from phase ph where ph.pipeline_id = pl.id and lower(ph.name) = lower(?) order by ph.position limit 1) as phase_id
       from pipeline pl where lower(pl.name) = lower(?) order by pl.position limit 1`,
      [deal.phaseName, deal.pipelineName],
    );
    if (!row) return {};
    return row.phase_id ? { pipelineId: row.pipeline_id, phaseId: row.phase_id } : { pipelineId: row.pipeline_id };
  }

  private async copyActivity(on: { personId?: string; companyId?: string; dealId?: string }, notes: SourceNote[], tasks: SourceTask[]): Promise<void> {
    const mayWriteConfidential = can(await this.work.scope.role(), 'notes.readConfidential');
    for (const note of notes) {
      if (note.confidential && !mayWriteConfidential) {
        this.counts.confidentialNotesLeft++;
        continue;
      }
      await createNote(this.work, { ...on, body: note.body, confidential: note.confidential });
      this.counts.notesCopied++;
    }
    for (const task of tasks) {
      const assignee = task.assigneeUserId && (await this.isMember(task.assigneeUserId)) ? task.assigneeUserId : null;
      const created = await createTask(this.work, { ...on, title: task.title, dueDate: task.dueDate ?? undefined, assigneeUserId: assignee ?? undefined });
      if (assignee === null || task.done) {
        // createTask assigns the creator when none is given; a copied task keeps "no assignee" and its done state.
        await this.work.scope.query(`update task set assignee_user_id = ?::uuid, done = ?, done_at = ? where id = ?::uuid`, [assignee, task.done, task.doneAt, created.id]);
      }
      if (task.assigneeUserId && assignee === null) this.counts.tasksUnassigned++;
      this.counts.tasksCopied++;
    }
  }

  private copiedFrom(subject: SubjectType, id: string): Promise<void> {
    return recordActivity(this.work, subject, id, ActivityKind.COPIED_FROM, { accountName: this.source.account.name });
  }

  /**
   * With duplicates SKIP, whether the target has a record of this kind with one of the record's e-mail
   * addresses (case aside); then the source record stands for that one (a person's company, a deal's contacts).
   */
  private async skippedAsDuplicate(table: 'person' | 'company', record: { id: string; emails: string[] }, targetIds: Map<string, string>): Promise<boolean> {
    if (this.duplicates !== CopyDuplicateMode.SKIP || record.emails.length === 0) return false;
    const [row] = await this.work.scope.query<{ id: string }>(
      `select t.id from ${table} t where public.kontor_lowercase(t.emails) && ?::text[] order by t.created_at, t.id limit 1`,
      [record.emails.map((email) => email.toLowerCase())],
    );
    if (row) targetIds.set(record.id, row.id);
    return row !== undefined;
  }

  /** The target's tags of these names (case aside), made where missing. */
  private async tags(names: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const name of names) {
      const key = name.toLowerCase();
      let id = this.tagIds.get(key);
      if (!id) {
        const [row] = await this.work.scope.query<{ id: string }>(`select id from tag where lower(name) = ? limit 1`, [key]);
        id = row?.id ?? randomUUID();
        if (!row) await this.work.scope.query(`insert into tag (id, name, created_by) values (?, ?, ?)`, [id, name, this.work.userId]);
        this.tagIds.set(key, id);
      }
      ids.push(id);
    }
    return ids;
  }

  /** The user, when they are an active member of the target; else undefined (the services then take the copier). */
  private async member(userId: string | null): Promise<string | undefined> {
    return userId && (await this.isMember(userId)) ? userId : undefined;
  }

  private async isMember(userId: string): Promise<boolean> {
    this.members ??= this.work.globalEm
      .execute<{ user_id: string }[]>(`select user_id from membership where account_id = ? and status = 'ACTIVE'`, [this.work.scope.accountId])
      .then((rows) => new Set(rows.map((row) => row.user_id)));
    return (await this.members).has(userId);
  }
}
