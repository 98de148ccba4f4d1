import { SelectedColumns, SelectedPage, type PageSelection } from '../common/selection.js';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Work } from '../../request/parameters.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { InAccount } from '../../request/access.js';
import { User } from '../../auth/user.entity.js';
import type { RequestContext } from '../../request/context.js';
import { Company } from '../companies/company.entity.js';
import { Connection } from '../common/connection.js';
import { allowDeletes } from '../common/deletion.js';
import { loadUser } from '../common/loaders.js';
import { loadCompany } from '../common/relations.js';
import { loadDeal, loadPerson } from '../common/subject.js';
import { Deal } from '../deals/deal.entity.js';
import { Person } from '../people/person.entity.js';
import { Task } from './task.entity.js';
import { createTask, deleteTasks, findTask, listTasks, notFound, updateTask } from './task.service.js';
import { CreateTaskInput, TaskFilter, TaskOrder, UpdateTaskInput } from './task.types.js';
import { UndoneWithRequest } from '../../graphql/mutation-batch.js';

export const TaskConnection = Connection('Task', Task);

@Resolver(() => Task)
export class TasksResolver {
  @InAccount()
  @Query(() => TaskConnection, { description: 'Tasks of this account, a page at a time (first ≤ 100); by default the next due first.' })
  tasks(
    @Work() work: UnitOfWork,
    @SelectedPage(Task) selection: PageSelection,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => TaskFilter, { nullable: true }) filter?: TaskFilter,
    @Arg('orderBy', () => TaskOrder, { nullable: true, defaultValue: TaskOrder.DUE_DATE_ASC }) orderBy?: TaskOrder,
  ) {
    return listTasks(work, { first, after, filter, orderBy, selection });
  }

  @InAccount()
  @Query(() => Task, { nullable: true, description: 'A task of this account, or null when there is none with this ID here.' })
  task(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<Task | null> {
    return findTask(work, id);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Task)
  createTask(@Arg('input') input: CreateTaskInput, @Work() work: UnitOfWork): Promise<Task> {
    return createTask(work, input);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Task, { description: 'Changes a task; marking it done records TASK_DONE in the timeline of its person, company or deal.' })
  updateTask(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateTaskInput, @Work() work: UnitOfWork): Promise<Task> {
    return updateTask(work, id, input);
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a task. Returns the ID.' })
  async deleteTask(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    await allowDeletes(work, 1);
    const [deleted] = await deleteTasks(work, [id]);
    if (!deleted) throw notFound();
    return deleted;
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => [ID], { description: 'Deletes several tasks; returns the IDs that were deleted (IDs not in this account are skipped).' })
  async deleteTasks(@Arg('ids', () => [ID]) ids: string[], @Work() work: UnitOfWork): Promise<string[]> {
    await allowDeletes(work, ids.length);
    return deleteTasks(work, ids);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The member who is to do the task.' })
  assignee(@Root() task: Task, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, task.assigneeUserId);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The person the task is about, if any.' })
  person(@Root() task: Task, @Ctx() ctx: RequestContext, @SelectedColumns(Person) columns: string[] | undefined): Promise<Person | null> {
    return loadPerson(ctx, task.personId, columns);
  }

  @FieldResolver(() => Company, { nullable: true, description: 'The company the task is about, if any.' })
  company(@Root() task: Task, @Ctx() ctx: RequestContext, @SelectedColumns(Company) columns: string[] | undefined): Promise<Company | null> {
    return loadCompany(ctx, task.companyId, columns);
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The deal the task is about, if any.' })
  deal(@Root() task: Task, @Ctx() ctx: RequestContext, @SelectedColumns(Deal) columns: string[] | undefined): Promise<Deal | null> {
    return loadDeal(ctx, task.dealId, columns);
  }

  @FieldResolver(() => User, { nullable: true })
  createdBy(@Root() task: Task, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, task.createdBy);
  }
}
