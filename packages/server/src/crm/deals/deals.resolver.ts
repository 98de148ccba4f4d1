import { CustomFieldOrder } from '../../customfields/custom-field.types.js';
import { SelectedColumns, SelectedPage, type PageSelection } from '../common/selection.js';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Work } from '../../request/parameters.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { InAccount } from '../../request/access.js';
import { User } from '../../auth/user.entity.js';
import type { RequestContext } from '../../request/context.js';
import { ErrorCode, KontorError } from '../../errors/errors.js';
import { Activity } from '../activity/activity.js';
import { Company } from '../companies/company.entity.js';
import { Connection, maxPageSize } from '../common/connection.js';
import { allowDeletes } from '../common/deletion.js';
import { loadersOf, loadUser } from '../common/loaders.js';
import { loadCompany, loadPeopleOf, loadTags, loadTimeline } from '../common/relations.js';
import { Person } from '../people/person.entity.js';
import { Tag } from '../tags/tag.entity.js';
import { Deal, Money } from './deal.entity.js';
import { createDeal, deleteDeals, findDeal, listDeals, moveDeal, updateDeal } from './deal.service.js';
import { CreateDealInput, DealFilter, DealOrder, UpdateDealInput } from './deal.types.js';
import { Phase, Pipeline } from './pipeline.entity.js';
import { UndoneWithRequest } from '../../graphql/mutation-batch.js';

export const DealConnection = Connection('Deal', Deal);

@Resolver(() => Deal)
export class DealsResolver {
  @InAccount()
  @Query(() => DealConnection, { description: 'Deals of this account, a page at a time (first ≤ 100). A board is `deals(filter: { pipelineId })` grouped by phase.' })
  deals(
    @Work() work: UnitOfWork,
    @SelectedPage(Deal) selection: PageSelection,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => DealFilter, { nullable: true }) filter?: DealFilter,
    @Arg('orderBy', () => DealOrder, { nullable: true, defaultValue: DealOrder.CREATED_AT_DESC }) orderBy?: DealOrder,
    @Arg('orderByCustomField', () => CustomFieldOrder, { nullable: true, description: 'Sorts by a custom field instead of orderBy.' }) orderByCustomField?: CustomFieldOrder,
  ) {
    return listDeals(work, { first, after, filter, orderBy, customOrder: orderByCustomField ?? undefined, selection });
  }

  @InAccount()
  @Query(() => Deal, { nullable: true, description: 'A deal of this account, or null when there is none with this ID here.' })
  deal(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<Deal | null> {
    return findDeal(work, id);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Deal)
  createDeal(@Arg('input') input: CreateDealInput, @Work() work: UnitOfWork): Promise<Deal> {
    return createDeal(work, input);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Deal)
  updateDeal(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateDealInput, @Work() work: UnitOfWork): Promise<Deal> {
    return updateDeal(work, id, input);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Deal, { description: 'Moves a deal to another phase; the move is recorded in its timeline.' })
  moveDeal(@Arg('id', () => ID) id: string, @Arg('phaseId', () => ID) phaseId: string, @Work() work: UnitOfWork): Promise<Deal> {
    return moveDeal(work, id, phaseId);
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a deal with its notes and tasks. Returns the ID.' })
  async deleteDeal(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    await allowDeletes(work, 1);
    const [deleted] = await deleteDeals(work, [id]);
    if (!deleted) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such deal in this account.');
    return deleted;
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => [ID], { description: 'Deletes several deals; returns the IDs that were deleted.' })
  async deleteDeals(@Arg('ids', () => [ID]) ids: string[], @Work() work: UnitOfWork): Promise<string[]> {
    await allowDeletes(work, ids.length);
    return deleteDeals(work, ids);
  }

  @FieldResolver(() => Money)
  value(@Root() deal: Deal): Money {
    return { amountCents: Number(deal.valueCents), currency: deal.currency };
  }

  @FieldResolver(() => Company, { nullable: true })
  company(@Root() deal: Deal, @Ctx() ctx: RequestContext, @SelectedColumns(Company) columns: string[] | undefined): Promise<Company | null> {
    return loadCompany(ctx, deal.companyId, columns);
  }

  @FieldResolver(() => [Person], { description: 'Contact people of the deal, by name: the first `first` (at most 100); page through all of them with `people(filter: { dealId })`.' })
  people(@Root() deal: Deal, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: maxPageSize }) first: number): Promise<Person[]> {
    const owned = `select dp.deal_id as "__owner", p.* from deal_person dp join person p on p.id = dp.person_id where dp.deal_id = any(?::uuid[])`;
    return loadPeopleOf(ctx, 'deal', owned, deal.id, first);
  }

  @FieldResolver(() => Pipeline)
  async pipeline(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<Pipeline> {
    return (await loadersOf(ctx).entity(Pipeline, 'pipeline').load(deal.pipelineId))!;
  }

  @FieldResolver(() => Phase)
  async phase(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<Phase> {
    return (await loadersOf(ctx).entity(Phase, 'phase').load(deal.phaseId))!;
  }

  @FieldResolver(() => [Tag], { description: 'Its tags, by name: the first `first` (at most 100).' })
  tags(@Root() deal: Deal, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: maxPageSize }) first: number,
    @SelectedColumns(Tag) columns: string[] | undefined,
  ): Promise<Tag[]> {
    return loadTags(ctx, 'deal', deal.id, first, columns);
  }

  @FieldResolver(() => User, { nullable: true })
  responsibleUser(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, deal.responsibleUserId);
  }

  @FieldResolver(() => User, { nullable: true })
  createdBy(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, deal.createdBy);
  }

  @FieldResolver(() => [Activity], { description: 'What happened to this deal (phase moves included), newest first: the newest `first` (at most 100).' })
  timeline(@Root() deal: Deal, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 50 }) first: number): Promise<Activity[]> {
    return loadTimeline(ctx, 'DEAL', deal.id, first);
  }
}
