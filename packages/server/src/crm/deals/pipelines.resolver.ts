import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { InAccount } from '../../request/access.js';
import type { RequestContext } from '../../request/context.js';
import { Crm } from '../common/crm-context.js';
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
  pipelines(@Crm() crm: Crm): Promise<Pipeline[]> {
    return listPipelines(crm);
  }

  @InAccount()
  @Query(() => Pipeline, { nullable: true })
  pipeline(@Arg('id', () => ID) id: string, @Crm() crm: Crm): Promise<Pipeline | null> {
    return findPipeline(crm, id);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Pipeline)
  createPipeline(@Arg('input') input: CreatePipelineInput, @Crm() crm: Crm): Promise<Pipeline> {
    return createPipeline(crm, input);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Pipeline)
  renamePipeline(@Arg('id', () => ID) id: string, @Arg('name') name: string, @Crm() crm: Crm): Promise<Pipeline> {
    return renamePipeline(crm, id, name);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a pipeline that holds no deals.' })
  deletePipeline(@Arg('id', () => ID) id: string, @Crm() crm: Crm): Promise<string> {
    return deletePipeline(crm, id);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Phase)
  createPhase(@Arg('input') input: CreatePhaseInput, @Crm() crm: Crm): Promise<Phase> {
    return createPhase(crm, input);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Phase)
  updatePhase(@Arg('id', () => ID) id: string, @Arg('input') input: UpdatePhaseInput, @Crm() crm: Crm): Promise<Phase> {
    return updatePhase(crm, id, input);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a phase that holds no deals.' })
  deletePhase(@Arg('id', () => ID) id: string, @Crm() crm: Crm): Promise<string> {
    return deletePhase(crm, id);
  }

  @FieldResolver(() => [Phase], { description: 'Its phases, in order.' })
  phases(@Root() pipeline: Pipeline, @Ctx() ctx: RequestContext): Promise<Phase[]> {
    return loadersOf(ctx)
      .grouped('pipeline-phases', `select * from phase where pipeline_id = any(?::uuid[]) order by position`, 'pipeline_id', (crm, row) => rowMapper(crm.ctx.orm.getMetadata(), Phase)(row))
      .load(pipeline.id);
  }
}
