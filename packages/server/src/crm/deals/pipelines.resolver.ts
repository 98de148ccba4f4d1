import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Work } from '../../request/parameters.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { InAccount } from '../../request/access.js';
import type { RequestContext } from '../../request/context.js';
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
  pipelines(@Work() work: UnitOfWork): Promise<Pipeline[]> {
    return listPipelines(work);
  }

  @InAccount()
  @Query(() => Pipeline, { nullable: true })
  pipeline(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<Pipeline | null> {
    return findPipeline(work, id);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Pipeline)
  createPipeline(@Arg('input') input: CreatePipelineInput, @Work() work: UnitOfWork): Promise<Pipeline> {
    return createPipeline(work, input);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Pipeline)
  renamePipeline(@Arg('id', () => ID) id: string, @Arg('name') name: string, @Work() work: UnitOfWork): Promise<Pipeline> {
    return renamePipeline(work, id, name);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a pipeline that holds no deals.' })
  deletePipeline(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    return deletePipeline(work, id);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Phase)
  createPhase(@Arg('input') input: CreatePhaseInput, @Work() work: UnitOfWork): Promise<Phase> {
    return createPhase(work, input);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => Phase)
  updatePhase(@Arg('id', () => ID) id: string, @Arg('input') input: UpdatePhaseInput, @Work() work: UnitOfWork): Promise<Phase> {
    return updatePhase(work, id, input);
  }

  @InAccount('account.settings')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a phase that holds no deals.' })
  deletePhase(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    return deletePhase(work, id);
  }

  @FieldResolver(() => [Phase], { description: 'Its phases, in order.' })
  phases(@Root() pipeline: Pipeline, @Ctx() ctx: RequestContext): Promise<Phase[]> {
    return loadersOf(ctx)
      .grouped('pipeline-phases', `select * from phase where pipeline_id = any(?::uuid[]) order by position`, 'pipeline_id', (work, row) => rowMapper(work.metadata, Phase)(row))
      .load(pipeline.id);
  }
}
