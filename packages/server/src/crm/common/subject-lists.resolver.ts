import { Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import type { AccountScope } from '../../request/account-scope.js';
import { Scope } from '../../request/parameters.js';
import type { RequestContext } from '../../request/context.js';
import { can } from '../../policies/account-rights.js';
import { Company } from '../companies/company.entity.js';
import { Deal } from '../deals/deal.entity.js';
import { Note } from '../notes/note.entity.js';
import { Person } from '../people/person.entity.js';
import { Task } from '../tasks/task.entity.js';
import { columnList, loadersOf } from './loaders.js';
import { SelectedColumns } from './selection.js';
import { rowMapper } from './row-mapper.js';

/** How many tasks or notes a record lists inline; longer lists page through `tasks`/`notes` filtered by the record. */
const inlineLimit = 100;

/**
 * `tasks` and `notes` on a person, company or deal: one query per page of
 * records each (a window function keeps the first `inlineLimit` per record).
 */
function subjectListsResolver(record: ClassType<{ id: string }>, column: 'person_id' | 'company_id' | 'deal_id', label: string) {
  @Resolver(() => record)
  class SubjectListsResolver {
    @FieldResolver(() => [Task], { description: `Tasks about this ${label}: open ones first, by due date (at most ${inlineLimit}; page with \`tasks(filter:)\`).` })
    tasks(@Root() subject: { id: string }, @Ctx() ctx: RequestContext, @SelectedColumns(Task) columns: string[] | undefined): Promise<Task[]> {
      return loadersOf(ctx)
        .grouped(
          `${column}-tasks:${columns?.join(',') ?? '*'}`,
          ranked('task', column, `t.done, coalesce(t.due_date, 'infinity'::date), t.created_at, t.id`, 'true', columns),
          column,
          (work, row) => rowMapper(work.metadata, Task)(row),
        )
        .load(subject.id);
    }

    @FieldResolver(() => [Note], { description: `Notes on this ${label} you may read, newest first (at most ${inlineLimit}; page with \`notes(filter:)\`).` })
    async notes(
      @Root() subject: { id: string },
      @Ctx() ctx: RequestContext,
      @Scope() scope: AccountScope,
      @SelectedColumns(Note) columns: string[] | undefined,
    ): Promise<Note[]> {
      const confidentialToo = can(await scope.role(), 'notes.readConfidential');
      return loadersOf(ctx)
        .grouped(
          `${column}-notes:${columns?.join(',') ?? '*'}`,
          ranked('note', column, 't.created_at desc, t.id desc', confidentialToo ? 'true' : 'not t.confidential', columns),
          column,
          (work, row) => rowMapper(work.metadata, Note)(row),
        )
        .load(subject.id);
    }
  }
  return SubjectListsResolver;
}

/** The first `inlineLimit` rows of each record, with the `columns` asked for (all when undefined) and the record's. */
function ranked(table: 'task' | 'note', column: string, order: string, condition: string, columns: string[] | undefined): string {
  const selected = columns ? columnList([...new Set([...columns, column])]) : 't.*';
  return `select * from (
      select ${selected}, row_number() over (partition by t.${column} order by ${order}) as "__rank"
      from ${table} t where t.${column} = any(?::uuid[]) and ${condition}
    ) r where "__rank" <= ${inlineLimit} order by "__rank"`;
}

export const PersonListsResolver = subjectListsResolver(Person, 'person_id', 'person');
export const CompanyListsResolver = subjectListsResolver(Company, 'company_id', 'company');
export const DealListsResolver = subjectListsResolver(Deal, 'deal_id', 'deal');
