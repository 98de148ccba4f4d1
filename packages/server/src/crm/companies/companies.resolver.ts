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
import { Connection, maxPageSize } from '../common/connection.js';
import { allowDeletes } from '../common/deletion.js';
import { loadUser } from '../common/loaders.js';
import { Address, addressOf } from '../common/record-fields.js';
import { loadPeopleOf, loadTags, loadTimeline } from '../common/relations.js';
import { Person } from '../people/person.entity.js';
import { Tag } from '../tags/tag.entity.js';
import { Company } from './company.entity.js';
import { createCompany, deleteCompanies, findCompany, listCompanies, updateCompany } from './company.service.js';
import { CompanyFilter, CompanyOrder, CreateCompanyInput, UpdateCompanyInput } from './company.types.js';
import { UndoneWithRequest } from '../../graphql/mutation-batch.js';

export const CompanyConnection = Connection('Company', Company);

@Resolver(() => Company)
export class CompaniesResolver {
  @InAccount()
  @Query(() => CompanyConnection, { description: 'Companies of this account, a page at a time (first ≤ 100).' })
  companies(
    @Work() work: UnitOfWork,
    @SelectedPage(Company) selection: PageSelection,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => CompanyFilter, { nullable: true }) filter?: CompanyFilter,
    @Arg('orderBy', () => CompanyOrder, { nullable: true, defaultValue: CompanyOrder.NAME_ASC }) orderBy?: CompanyOrder,
    @Arg('orderByCustomField', () => CustomFieldOrder, { nullable: true, description: 'Sorts by a custom field instead of orderBy.' }) orderByCustomField?: CustomFieldOrder,
  ) {
    return listCompanies(work, { first, after, filter, orderBy, customOrder: orderByCustomField ?? undefined, selection });
  }

  @InAccount()
  @Query(() => Company, { nullable: true, description: 'A company of this account, or null when there is none with this ID here.' })
  company(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<Company | null> {
    return findCompany(work, id);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Company)
  createCompany(@Arg('input') input: CreateCompanyInput, @Work() work: UnitOfWork): Promise<Company> {
    return createCompany(work, input);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Company)
  updateCompany(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateCompanyInput, @Work() work: UnitOfWork): Promise<Company> {
    return updateCompany(work, id, input);
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a company with its notes and tasks; its people stay, without a company. Returns the ID.' })
  async deleteCompany(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    await allowDeletes(work, 1);
    const [deleted] = await deleteCompanies(work, [id]);
    if (!deleted) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such company in this account.');
    return deleted;
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => [ID], { description: 'Deletes several companies; returns the IDs that were deleted.' })
  async deleteCompanies(@Arg('ids', () => [ID]) ids: string[], @Work() work: UnitOfWork): Promise<string[]> {
    await allowDeletes(work, ids.length);
    return deleteCompanies(work, ids);
  }

  @FieldResolver(() => [Person], { description: 'The people who work at this company, by name: the first `first` (at most 100); page through all of them with `people(filter: { companyId })`.' })
  people(@Root() company: Company, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: maxPageSize }) first: number): Promise<Person[]> {
    return loadPeopleOf(ctx, 'company', `select p.company_id as "__owner", p.* from person p where p.company_id = any(?::uuid[])`, company.id, first);
  }

  @FieldResolver(() => [Tag], { description: 'Its tags, by name: the first `first` (at most 100).' })
  tags(@Root() company: Company, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: maxPageSize }) first: number,
    @SelectedColumns(Tag) columns: string[] | undefined,
  ): Promise<Tag[]> {
    return loadTags(ctx, 'company', company.id, first, columns);
  }

  @FieldResolver(() => User, { nullable: true })
  responsibleUser(@Root() company: Company, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, company.responsibleUserId);
  }

  @FieldResolver(() => User, { nullable: true })
  createdBy(@Root() company: Company, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, company.createdBy);
  }

  @FieldResolver(() => Address, { nullable: true })
  address(@Root() company: Company): Address | null {
    return addressOf(company);
  }

  @FieldResolver(() => [Activity], { description: 'What happened to this company, newest first: the newest `first` (at most 100).' })
  timeline(@Root() company: Company, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 50 }) first: number): Promise<Activity[]> {
    return loadTimeline(ctx, 'COMPANY', company.id, first);
  }
}
