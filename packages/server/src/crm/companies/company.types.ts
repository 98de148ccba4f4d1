import { CustomFieldValueInput } from '../../customfields/custom-field.types.js';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { Address } from '../common/record-fields.js';
import { RecordFilter } from '../common/record-filters.js';

@InputType({ description: 'A new company.' })
export class CreateCompanyInput {
  @Field()
  name!: string;

  @Field({ nullable: true })
  website?: string;

  @Field(() => [String], { nullable: true })
  emails?: string[];

  @Field(() => [String], { nullable: true })
  phones?: string[];

  @Field(() => Address, { nullable: true })
  address?: Address;

  @Field(() => ID, { nullable: true, description: 'A member of this account; defaults to the creator.' })
  responsibleUserId?: string;

  @Field(() => [ID], { nullable: true })
  tagIds?: string[];

  @Field(() => [CustomFieldValueInput], { nullable: true, description: 'Values of custom fields; fields left out keep theirs.' })
  customFields?: CustomFieldValueInput[];
}

@InputType({ description: 'Changes to a company; fields left out stay as they are, null clears.' })
export class UpdateCompanyInput {
  @Field({ nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  website?: string | null;

  @Field(() => [String], { nullable: true })
  emails?: string[];

  @Field(() => [String], { nullable: true })
  phones?: string[];

  @Field(() => Address, { nullable: true })
  address?: Address | null;

  @Field(() => ID, { nullable: true })
  responsibleUserId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the tags.' })
  tagIds?: string[];

  @Field(() => [CustomFieldValueInput], { nullable: true, description: 'Values of custom fields; fields left out keep theirs.' })
  customFields?: CustomFieldValueInput[];
}

@InputType({ description: 'Narrows a list of companies; all given conditions must hold.' })
export class CompanyFilter extends RecordFilter {
  @Field({ nullable: true, description: 'Words that the name, website, e-mails or phones start with.' })
  text?: string;
}

export enum CompanyOrder {
  NAME_ASC = 'NAME_ASC',
  NAME_DESC = 'NAME_DESC',
  CREATED_AT_ASC = 'CREATED_AT_ASC',
  CREATED_AT_DESC = 'CREATED_AT_DESC',
}
registerEnumType(CompanyOrder, { name: 'CompanyOrder', description: 'The order of a list of companies: by name or by when they were created, either way round.' });
