import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Work } from '../../request/parameters.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { Arg, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { InAccount } from '../../request/access.js';
import { badUserInput, ErrorCode, KontorError } from '../../errors/errors.js';
import { allowDeletes } from '../common/deletion.js';
import { isUuid, requiredText } from '../common/validation.js';
import { Tag } from './tag.entity.js';
import { UndoneWithRequest } from '../../graphql/mutation-batch.js';

@InputType({ description: 'A new tag: a name no other tag of the account has, and optionally a colour (#rrggbb).' })
export class CreateTagInput {
  @Field()
  name!: string;

  @Field({ nullable: true })
  color?: string;
}

@InputType({ description: 'Changes to a tag: a field left out keeps its value.' })
export class UpdateTagInput {
  @Field({ nullable: true })
  name?: string;

  @Field({ nullable: true })
  color?: string;
}

function color(value: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(value)) throw badUserInput('color', 'The colour must be written #rrggbb.');
  return value.toLowerCase();
}

async function uniqueName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw badUserInput('name', 'A tag with this name exists already.');
    throw error;
  }
}

async function findTag(work: UnitOfWork, id: string): Promise<Tag> {
  const em = await work.accountEm();
  const tag = isUuid(id) ? await em.findOne(Tag, id) : null;
  if (!tag) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such tag in this account.');
  return tag;
}

@Resolver(() => Tag)
export class TagsResolver {
  @InAccount()
  @Query(() => [Tag], { description: "The account's tags, by name." })
  async tags(@Work() work: UnitOfWork): Promise<Tag[]> {
    const em = await work.accountEm();
    return em.find(Tag, {}, { orderBy: { name: 'asc' } });
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Tag)
  async createTag(@Arg('input') input: CreateTagInput, @Work() work: UnitOfWork): Promise<Tag> {
    const em = await work.accountEm();
    const tag = em.create(Tag, { name: requiredText(input.name, 'name', 60), color: input.color ? color(input.color) : undefined, createdBy: work.userId });
    await uniqueName(() => em.flush());
    return tag;
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Tag)
  async updateTag(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateTagInput, @Work() work: UnitOfWork): Promise<Tag> {
    const em = await work.accountEm();
    const tag = await findTag(work, id);
    if (input.name !== undefined) tag.name = requiredText(input.name, 'name', 60);
    if (input.color !== undefined) tag.color = color(input.color);
    await uniqueName(() => em.flush());
    return tag;
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a tag and removes it from every record. Returns its ID.' })
  async deleteTag(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    const em = await work.accountEm();
    const tag = await findTag(work, id);
    await allowDeletes(work, 1);
    await em.remove(tag).flush();
    return id;
  }
}
