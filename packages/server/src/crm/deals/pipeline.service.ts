import { badUserInput, ErrorCode, KontorError } from '../../errors/errors.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { maxPageSize } from '../../graphql/page-size.js';
import { isUuid, requiredText } from '../common/validation.js';
import type { CreatePhaseInput, CreatePipelineInput, UpdatePhaseInput } from './deal.types.js';
import { Phase, Pipeline } from './pipeline.entity.js';

/** `Pipeline.phases` is not paged: a board has few columns, so a pipeline holds at most a page of them. */
const maxPhases = maxPageSize;

export async function listPipelines(work: UnitOfWork): Promise<Pipeline[]> {
  const em = await work.accountEm();
  return em.find(Pipeline, {}, { orderBy: { position: 'asc', name: 'asc' } });
}

export async function findPipeline(work: UnitOfWork, id: string): Promise<Pipeline | null> {
  const em = await work.accountEm();
  return isUuid(id) ? em.findOne(Pipeline, id) : null;
}

export async function createPipeline(work: UnitOfWork, input: CreatePipelineInput): Promise<Pipeline> {
  const em = await work.accountEm();
  const name = requiredText(input.name, 'name', 100);
  const phases = input.phases.map((phase, i) => requiredText(phase, `phases.${i}`, 100));
  if (phases.length === 0) throw badUserInput('phases', 'A pipeline needs at least one phase.');
  if (phases.length > maxPhases) throw badUserInput('phases', `A pipeline has at most ${maxPhases} phases.`);
  const [{ next }] = await em.execute<{ next: number }[]>(`select coalesce(max(position) + 1, 0) as next from pipeline`) as [{ next: number }];
  const pipeline = em.create(Pipeline, { name, position: next, createdBy: work.userId });
  // Phases refer to the pipeline by a plain ID, so the ORM cannot order the inserts itself.
  await em.flush();
  phases.forEach((phaseName, position) => em.create(Phase, { pipelineId: pipeline.id, name: phaseName, position, createdBy: work.userId }));
  await em.flush();
  return pipeline;
}

export async function renamePipeline(work: UnitOfWork, id: string, name: string): Promise<Pipeline> {
  const em = await work.accountEm();
  const pipeline = await findPipeline(work, id);
  if (!pipeline) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such pipeline in this account.');
  pipeline.name = requiredText(name, 'name', 100);
  await em.flush();
  return pipeline;
}

/** Deletes a pipeline that holds no deals (move or delete them first: nothing is lost by accident). */
export async function deletePipeline(work: UnitOfWork, id: string): Promise<string> {
  const em = await work.accountEm();
  const pipeline = await findPipeline(work, id);
  if (!pipeline) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such pipeline in this account.');
  const [{ deals }] = (await em.execute<{ deals: string }[]>(`select count(*) as deals from deal where pipeline_id = ?`, [id])) as [{ deals: string }];
  if (Number(deals) > 0) throw new KontorError(ErrorCode.CONFLICT, `This pipeline still holds ${deals} deals: move or delete them first.`);
  await em.remove(pipeline).flush();
  return id;
}

export async function createPhase(work: UnitOfWork, input: CreatePhaseInput): Promise<Phase> {
  const em = await work.accountEm();
  const pipeline = await findPipeline(work, input.pipelineId);
  if (!pipeline) throw badUserInput('pipelineId', 'There is no such pipeline in this account.');
  const siblings = await em.find(Phase, { pipelineId: pipeline.id }, { orderBy: { position: 'asc' } });
  if (siblings.length >= maxPhases) throw badUserInput('pipelineId', `This pipeline has ${maxPhases} phases already, the most it may have.`);
  const position = clampPosition(input.position ?? siblings.length, siblings.length);
  const phase = em.create(Phase, { pipelineId: pipeline.id, name: requiredText(input.name, 'name', 100), position, createdBy: work.userId });
  renumber([...siblings.slice(0, position), phase, ...siblings.slice(position)]);
  await em.flush();
  return phase;
}

export async function updatePhase(work: UnitOfWork, id: string, input: UpdatePhaseInput): Promise<Phase> {
  const em = await work.accountEm();
  const phase = isUuid(id) ? await em.findOne(Phase, id) : null;
  if (!phase) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such phase in this account.');
  if (input.name !== undefined) phase.name = requiredText(input.name, 'name', 100);
  if (input.position !== undefined) {
    const others = (await em.find(Phase, { pipelineId: phase.pipelineId }, { orderBy: { position: 'asc' } })).filter((p) => p.id !== phase.id);
    const position = clampPosition(input.position, others.length);
    renumber([...others.slice(0, position), phase, ...others.slice(position)]);
  }
  await em.flush();
  return phase;
}

export async function deletePhase(work: UnitOfWork, id: string): Promise<string> {
  const em = await work.accountEm();
  const phase = isUuid(id) ? await em.findOne(Phase, id) : null;
  if (!phase) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such phase in this account.');
  const [{ deals }] = (await em.execute<{ deals: string }[]>(`select count(*) as deals from deal where phase_id = ?`, [id])) as [{ deals: string }];
  if (Number(deals) > 0) throw new KontorError(ErrorCode.CONFLICT, `This phase still holds ${deals} deals: move them to another phase first.`);
  const remaining = (await em.find(Phase, { pipelineId: phase.pipelineId }, { orderBy: { position: 'asc' } })).filter((p) => p.id !== id);
  if (remaining.length === 0) throw new KontorError(ErrorCode.CONFLICT, 'A pipeline keeps at least one phase; delete the pipeline instead.');
  em.remove(phase);
  renumber(remaining);
  await em.flush();
  return id;
}

function clampPosition(position: number, max: number): number {
  if (!Number.isInteger(position) || position < 0) throw badUserInput('position', 'The position must be a whole number from 0.');
  return Math.min(position, max);
}

function renumber(phases: Phase[]): void {
  phases.forEach((phase, index) => (phase.position = index));
}
