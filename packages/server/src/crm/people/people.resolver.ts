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
import { loadUser } from '../common/loaders.js';
import { Address, addressOf } from '../common/record-fields.js';
import { loadCompany, loadTags, loadTimeline } from '../common/relations.js';
import { Tag } from '../tags/tag.entity.js';
import { Person } from './person.entity.js';
import { createPerson, deletePeople, listPeople, readPerson, updatePerson } from './person.service.js';
import { CreatePersonInput, PersonFilter, PersonOrder, UpdatePersonInput } from './person.types.js';
import { UndoneWithRequest } from '../../graphql/mutation-batch.js';

export const PersonConnection = Connection('Person', Person);

@Resolver(() => Person)
export class PeopleResolver {
  @InAccount()
  @Query(() => PersonConnection, { description: 'People of this account, a page at a time (first ≤ 100).' })
  people(
    @Work() work: UnitOfWork,
    @SelectedPage(Person) selection: PageSelection,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => PersonFilter, { nullable: true }) filter?: PersonFilter,
    @Arg('orderBy', () => PersonOrder, { nullable: true, defaultValue: PersonOrder.NAME_ASC }) orderBy?: PersonOrder,
    @Arg('orderByCustomField', () => CustomFieldOrder, { nullable: true, description: 'Sorts by a custom field instead of orderBy.' }) orderByCustomField?: CustomFieldOrder,
  ) {
    return listPeople(work, { first, after, filter, orderBy, customOrder: orderByCustomField ?? undefined, selection });
  }

  @InAccount()
  @Query(() => Person, { nullable: true, description: 'A person of this account, or null when there is none with this ID here.' })
  person(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork, @SelectedColumns(Person) columns: string[] | undefined): Promise<Person | null> {
    return readPerson(work, id, columns);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Person)
  createPerson(@Arg('input') input: CreatePersonInput, @Work() work: UnitOfWork): Promise<Person> {
    return createPerson(work, input);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Person)
  updatePerson(@Arg('id', () => ID) id: string, @Arg('input') input: UpdatePersonInput, @Work() work: UnitOfWork): Promise<Person> {
    return updatePerson(work, id, input);
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a person with their notes and tasks. Returns the ID.' })
  async deletePerson(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    await allowDeletes(work, 1);
    const [deleted] = await deletePeople(work, [id]);
    if (!deleted) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such person in this account.');
    return deleted;
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => [ID], { description: 'Deletes several people; returns the IDs that were deleted (IDs not in this account are skipped).' })
  async deletePeople(@Arg('ids', () => [ID]) ids: string[], @Work() work: UnitOfWork): Promise<string[]> {
    await allowDeletes(work, ids.length);
    return deletePeople(work, ids);
  }

  @FieldResolver(() => Company, { nullable: true })
  company(@Root() person: Person, @Ctx() ctx: RequestContext, @SelectedColumns(Company) columns: string[] | undefined): Promise<Company | null> {
    return loadCompany(ctx, person.companyId, columns);
  }

  @FieldResolver(() => [Tag], { description: 'Its tags, by name: the first `first` (at most 100).' })
  tags(@Root() person: Person, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: maxPageSize }) first: number,
    @SelectedColumns(Tag) columns: string[] | undefined,
  ): Promise<Tag[]> {
    return loadTags(ctx, 'person', person.id, first, columns);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The member responsible for this person.' })
  responsibleUser(@Root() person: Person, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, person.responsibleUserId);
  }

  @FieldResolver(() => User, { nullable: true })
  createdBy(@Root() person: Person, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, person.createdBy);
  }

  @FieldResolver(() => Address, { nullable: true })
  address(@Root() person: Person): Address | null {
    return addressOf(person);
  }

  @FieldResolver(() => [Activity], { description: 'What happened to this person, newest first: the newest `first` (at most 100).' })
  timeline(@Root() person: Person, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 50 }) first: number): Promise<Activity[]> {
    return loadTimeline(ctx, 'PERSON', person.id, first);
  }
}
