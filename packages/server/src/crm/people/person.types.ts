import { CustomFieldValueInput } from '../../customfields/custom-field.types.js';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Address } from '../common/record-fields.js';
import { RecordFilter } from '../common/record-filters.js';

@ObjectType({ description: 'A dated occasion of a person.' })
@InputType('ImportantDateInput', { description: 'A dated occasion of a person (a birthday, an anniversary), as sent with the person.' })
export class ImportantDate {
  @Field({ description: 'What the date is, e.g. "Anniversary".' })
  label!: string;

  @Field({ description: 'ISO date (YYYY-MM-DD).' })
  date!: string;
}

@InputType({ description: 'A new person.' })
export class CreatePersonInput {
  @Field({ nullable: true })
  firstName?: string;

  @Field()
  lastName!: string;

  @Field({ nullable: true, description: 'The main e-mail address (shortcut for `emails: [email]`).' })
  email?: string;

  @Field(() => [String], { nullable: true })
  emails?: string[];

  @Field(() => [String], { nullable: true })
  phones?: string[];

  @Field({ nullable: true })
  position?: string;

  @Field(() => ID, { nullable: true })
  companyId?: string;

  @Field(() => ID, { nullable: true, description: 'A member of this account; defaults to the creator.' })
  responsibleUserId?: string;

  @Field({ nullable: true, description: 'ISO date (YYYY-MM-DD).' })
  birthday?: string;

  @Field(() => [ImportantDate], { nullable: true })
  importantDates?: ImportantDate[];

  @Field(() => Address, { nullable: true })
  address?: Address;

  @Field(() => [ID], { nullable: true })
  tagIds?: string[];

  @Field(() => [CustomFieldValueInput], { nullable: true, description: 'Values of custom fields; fields left out keep theirs.' })
  customFields?: CustomFieldValueInput[];
}

@InputType({ description: 'Changes to a person; fields left out stay as they are, null clears.' })
export class UpdatePersonInput {
  @Field({ nullable: true })
  firstName?: string;

  @Field({ nullable: true })
  lastName?: string;

  @Field(() => [String], { nullable: true })
  emails?: string[];

  @Field(() => [String], { nullable: true })
  phones?: string[];

  @Field(() => String, { nullable: true })
  position?: string | null;

  @Field(() => ID, { nullable: true })
  companyId?: string | null;

  @Field(() => ID, { nullable: true })
  responsibleUserId?: string | null;

  @Field(() => String, { nullable: true })
  birthday?: string | null;

  @Field(() => [ImportantDate], { nullable: true })
  importantDates?: ImportantDate[];

  @Field(() => Address, { nullable: true })
  address?: Address | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the tags.' })
  tagIds?: string[];

  @Field(() => [CustomFieldValueInput], { nullable: true, description: 'Values of custom fields; fields left out keep theirs.' })
  customFields?: CustomFieldValueInput[];
}

@InputType({ description: 'Narrows a list of people; all given conditions must hold.' })
export class PersonFilter extends RecordFilter {
  @Field({ nullable: true, description: 'Words that names, e-mails, phones or the company name start with.' })
  text?: string;

  @Field(() => ID, { nullable: true })
  companyId?: string;

  @Field(() => ID, { nullable: true, description: 'The contact people of this deal.' })
  dealId?: string;
}

export enum PersonOrder {
  NAME_ASC = 'NAME_ASC',
  NAME_DESC = 'NAME_DESC',
  CREATED_AT_ASC = 'CREATED_AT_ASC',
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  UPDATED_AT_DESC = 'UPDATED_AT_DESC',
}
registerEnumType(PersonOrder, { name: 'PersonOrder', description: 'How a list of people is sorted. NAME sorts by last, then first name.' });
