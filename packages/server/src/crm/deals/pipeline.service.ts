import { badUserInput, ErrorCode, KontorError } from '../../errors/errors.js';
import { maxPageSize } from '../../graphql/page-size.js';
import type { Crm } from '../common/crm-context.js';
import { isUuid, requiredText } from '../common/validation.js';
import type { CreatePhaseInput, CreatePipelineInput, UpdatePhaseInput } from './deal.types.js';
import { Phase, Pipeline } from './pipeline.entity.js';

/** `Pipeline.phases` is not paged: a board has few columns, so a pipeline holds at most a page of them. */
const maxPhases = maxPageSize;

export function listPipelines(crm: Crm): Promise<Pipeline[]> {
  return crm.em.find(Pipeline, {}, { orderBy: { position: 'asc', name: 'asc' } });
}

export async function findPipeline(crm: Crm, id: string): Promise<Pipeline | null> {
  return isUuid(id) ? crm.em.findOne(Pipeline, id) : null;
}

export async function createPipeline(crm: Crm, input: CreatePipelineInput): Promise<Pipeline> {
  const name = requiredText(input.name, 'name', 100);
  const phases = input.phases.map((phase, i) => requiredText(phase, `phases.${i}`, 100));
  if (phases.length === 0) throw badUserInput('phases', 'A pipeline needs at least one phase.');
  if (phases.length > maxPhases) throw badUserInput('phases', `A pipeline has at most ${maxPhases} phases.`);
  const [{ next }] = await crm.em.execute<{ next: number }[]>(`select coalesce(max(position) + 1, 0) as next from pipeline`) as [{ next: number }];
  const pipeline = crm.em.create(Pipeline, { name, position: next, createdBy: crm.userId });
  // Phases refer to the pipeline by a plain ID, so the ORM cannot order the inserts itself.
  await crm.em.flush();
  phases.forEach((phaseName, position) => crm.em.create(Phase, { pipelineId: pipeline.id, name: phaseName, position, createdBy: crm.userId }));
  await crm.em.flush();
  return pipeline;
}

export async function renamePipeline(crm: Crm, id: string, name: string): Promise<Pipeline> {
  const pipeline = await findPipeline(crm, id);
  if (!pipeline) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such pipeline in this account.');
  pipeline.name = requiredText(name, 'name', 100);
  await crm.em.flush();
  return pipeline;
}

/** Deletes a pipeline that holds no deals (move or delete them first: nothing is lost by accident). */
export async function deletePipeline(crm: Crm, id: string): Promise<string> {
  const pipeline = await findPipeline(crm, id);
  if (!pipeline) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such pipeline in this account.');
  const [{ deals }] = (await crm.em.execute<{ deals: string }[]>(`select count(*) as deals from deal where pipeline_id = ?`, [id])) as [{ deals: string }];
  if (Number(deals) > 0) throw new KontorError(ErrorCode.CONFLICT, `This pipeline still holds ${deals} deals: move or delete them first.`);
  await crm.em.remove(pipeline).flush();
  return id;
}

export async function createPhase(crm: Crm, input: CreatePhaseInput): Promise<Phase> {
  const pipeline = await findPipeline(crm, input.pipelineId);
  if (!pipeline) throw badUserInput('pipelineId', 'There is no such pipeline in this account.');
  const siblings = await crm.em.find(Phase, { pipelineId: pipeline.id }, { orderBy: { position: 'asc' } });
  if (siblings.length >= maxPhases) throw badUserInput('pipelineId', `This pipeline has ${maxPhases} phases already, the most it may have.`);
  const position = clampPosition(input.position ?? siblings.length, siblings.length);
  const phase = crm.em.create(Phase, { pipelineId: pipeline.id, name: requiredText(input.name, 'name', 100), position, createdBy: crm.userId });
  renumber([...siblings.slice(0, position), phase, ...siblings.slice(position)]);
  await crm.em.flush();
  return phase;
}

export async function updatePhase(crm: Crm, id: string, input: UpdatePhaseInput): Promise<Phase> {
  const phase = isUuid(id) ? await crm.em.findOne(Phase, id) : null;
  if (!phase) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such phase in this account.');
  if (input.name !== undefined) phase.name = requiredText(input.name, 'name', 100);
  if (input.position !== undefined) {
    const others = (await crm.em.find(Phase, { pipelineId: phase.pipelineId }, { orderBy: { position: 'asc' } })).filter((p) => p.id !== phase.id);
    const position = clampPosition(input.position, others.length);
    renumber([...others.slice(0, position), phase, ...others.slice(position)]);
  }
  await crm.em.flush();
  return phase;
}

export async function deletePhase(crm: Crm, id: string): Promise<string> {
  const phase = isUuid(id) ? await crm.em.findOne(Phase, id) : null;
  if (!phase) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no such phase in this account.');
  const [{ deals }] = (await crm.em.execute<{ deals: string }[]>(`select count(*) as deals from deal where phase_id = ?`, [id])) as [{ deals: string }];
  if (Number(deals) > 0) throw new KontorError(ErrorCode.CONFLICT, `This phase still holds ${deals} deals: move them to another phase first.`);
  const remaining = (await crm.em.find(Phase, { pipelineId: phase.pipelineId }, { orderBy: { position: 'asc' } })).filter((p) => p.id !== id);
  if (remaining.length === 0) throw new KontorError(ErrorCode.CONFLICT, 'A pipeline keeps at least one phase; delete the pipeline instead.');
  crm.em.remove(phase);
  renumber(remaining);
  await crm.em.flush();
  return id;
}

function clampPosition(position: number, max: number): number {
  if (!Number.isInteger(position) || position < 0) throw badUserInput('position', 'The position must be a whole number from 0.');
  return Math.min(position, max);
}

function renumber(phases: Phase[]): void {
  phases.forEach((phase, index) => (phase.position = index));
}
