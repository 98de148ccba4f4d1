import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { InAccount } from '../../request/access.js';
import type { RequestContext } from '../../request/context.js';
import { crmOf } from '../common/crm-context.js';
import { loadersOf } from '../common/loaders.js';
import { CreatePhaseInput, CreatePipelineInput, UpdatePhaseInput } from './deal.types.js';
import { Phase, Pipeline } from './pipeline.entity.js';
import { createPhase, createPipeline, deletePhase, deletePipeline, findPipeline, listPipelines, renamePipeline, updatePhase } from './pipeline.service.js';
import { rowMapper } from '../common/row-mapper.js';
import { UndoneWithRequest } from '../../graphql/mutation-batch.js';

@Resolver(() => Pipeline)
export class PipelinesResolver {
  @InAccount()
  @Query(() => [Pipeline], { description: "The account's pipelines with their phases." })
  async pipelines(@Ctx() ctx: RequestContext): Promise<Pipeline[]> {
    return listPipelines(await crmOf(ctx));
  }

  @InAccount()
  @Query(() => Pipeline, { nullable: true })
  async pipeline(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Pipeline | null> {
    return findPipeline(await crmOf(ctx), id);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Pipeline)
  async createPipeline(@Arg('input') input: CreatePipelineInput, @Ctx() ctx: RequestContext): Promise<Pipeline> {
    return createPipeline(await crmOf(ctx), input);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Pipeline)
  async renamePipeline(@Arg('id', () => ID) id: string, @Arg('name') name: string, @Ctx() ctx: RequestContext): Promise<Pipeline> {
    return renamePipeline(await crmOf(ctx), id, name);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a pipeline that holds no deals.' })
  async deletePipeline(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    return deletePipeline(await crmOf(ctx), id);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Phase)
  async createPhase(@Arg('input') input: CreatePhaseInput, @Ctx() ctx: RequestContext): Promise<Phase> {
    return createPhase(await crmOf(ctx), input);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Phase)
  async updatePhase(@Arg('id', () => ID) id: string, @Arg('input') input: UpdatePhaseInput, @Ctx() ctx: RequestContext): Promise<Phase> {
    return updatePhase(await crmOf(ctx), id, input);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a phase that holds no deals.' })
  async deletePhase(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    return deletePhase(await crmOf(ctx), id);
  }

  @FieldResolver(() => [Phase], { description: 'Its phases, in order.' })
  phases(@Root() pipeline: Pipeline, @Ctx() ctx: RequestContext): Promise<Phase[]> {
    return loadersOf(ctx)
      .grouped('pipeline-phases', `select * from phase where pipeline_id = any(?::uuid[]) order by position`, 'pipeline_id', (crm, row) => rowMapper(crm.ctx.orm.getMetadata(), Phase)(row))
      .load(pipeline.id);
  }
}
