import { CustomFieldValueInput } from '../../customfields/custom-field.types.js';
import { Field, Float, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { RecordFilter } from '../common/record-filters.js';
import { DealStatus } from './deal.entity.js';

@InputType({ description: 'An amount of money.' })
export class MoneyInput {
  @Field(() => Float, { description: 'In cents; a whole number ≥ 0.' })
  amountCents!: number;

  @Field({ nullable: true, defaultValue: 'EUR' })
  currency?: string;
}

@InputType({ description: 'A new deal. Without pipeline and phase it starts in the first phase of the first pipeline.' })
export class CreateDealInput {
  @Field()
  title!: string;

  @Field(() => ID, { nullable: true })
  companyId?: string;

  @Field(() => [ID], { nullable: true, description: 'Contact people of the deal.' })
  personIds?: string[];

  @Field(() => ID, { nullable: true })
  pipelineId?: string;

  @Field(() => ID, { nullable: true })
  phaseId?: string;

  @Field(() => MoneyInput, { nullable: true })
  value?: MoneyInput;

  @Field(() => Int, { nullable: true, description: '0–100 in steps of 5.' })
  probability?: number;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  targetDate?: string;

  @Field(() => DealStatus, { nullable: true })
  status?: DealStatus;

  @Field(() => ID, { nullable: true })
  responsibleUserId?: string;

  @Field(() => [ID], { nullable: true })
  tagIds?: string[];

  @Field(() => [CustomFieldValueInput], { nullable: true, description: 'Values of custom fields; fields left out keep theirs.' })
  customFields?: CustomFieldValueInput[];
}

@InputType({ description: 'Changes to a deal; fields left out stay as they are, null clears. Move between phases with moveDeal.' })
export class UpdateDealInput {
  @Field({ nullable: true })
  title?: string;

  @Field(() => ID, { nullable: true })
  companyId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the contact people.' })
  personIds?: string[];

  @Field(() => MoneyInput, { nullable: true })
  value?: MoneyInput;

  @Field(() => Int, { nullable: true })
  probability?: number;

  @Field(() => String, { nullable: true })
  targetDate?: string | null;

  @Field(() => DealStatus, { nullable: true })
  status?: DealStatus;

  @Field(() => ID, { nullable: true })
  responsibleUserId?: string | null;

  @Field(() => [ID], { nullable: true })
  tagIds?: string[];

  @Field(() => [CustomFieldValueInput], { nullable: true, description: 'Values of custom fields; fields left out keep theirs.' })
  customFields?: CustomFieldValueInput[];
}

@InputType({ description: 'Narrows a list of deals; all given conditions must hold.' })
export class DealFilter extends RecordFilter {
  @Field({ nullable: true, description: 'Words that the title or the company name start with.' })
  text?: string;

  @Field(() => ID, { nullable: true })
  companyId?: string;

  @Field(() => ID, { nullable: true })
  personId?: string;

  @Field(() => ID, { nullable: true })
  pipelineId?: string;

  @Field(() => ID, { nullable: true })
  phaseId?: string;

  @Field(() => DealStatus, { nullable: true })
  status?: DealStatus;

  @Field({ nullable: true, description: 'Target date on or after (YYYY-MM-DD).' })
  targetDateFrom?: string;

  @Field({ nullable: true, description: 'Target date on or before (YYYY-MM-DD).' })
  targetDateTo?: string;
}

export enum DealOrder {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  CREATED_AT_ASC = 'CREATED_AT_ASC',
  VALUE_DESC = 'VALUE_DESC',
  TITLE_ASC = 'TITLE_ASC',
}
registerEnumType(DealOrder, { name: 'DealOrder', description: 'The order of a list of deals: newest or oldest first, the largest value first, or by title.' });

@InputType({ description: 'A new pipeline with its phases in order.' })
export class CreatePipelineInput {
  @Field()
  name!: string;

  @Field(() => [String], { description: 'Phase names, first to last.' })
  phases!: string[];
}

@InputType({ description: 'A new phase at `position` (default: last) of a pipeline.' })
export class CreatePhaseInput {
  @Field(() => ID)
  pipelineId!: string;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true })
  position?: number;
}

@InputType({ description: 'Changes to a phase of a pipeline: its name, its place among the phases, or both; a field left out keeps its value.' })
export class UpdatePhaseInput {
  @Field({ nullable: true })
  name?: string;

  @Field(() => Int, { nullable: true, description: 'Moves the phase within its pipeline.' })
  position?: number;
}
