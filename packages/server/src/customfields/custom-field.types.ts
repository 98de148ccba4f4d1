import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CustomFieldType {
  TEXT = 'TEXT',
  LONG_TEXT = 'LONG_TEXT',
  NUMBER = 'NUMBER',
  MONEY = 'MONEY',
  DATE = 'DATE',
  CHECKBOX = 'CHECKBOX',
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  MULTIPLE_CHOICE = 'MULTIPLE_CHOICE',
  URL = 'URL',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
}
registerEnumType(CustomFieldType, {
  name: 'CustomFieldType',
  description: 'What a custom field holds; its values come as the matching CustomFieldValue (TEXT, LONG_TEXT, URL, EMAIL and PHONE as TextValue).',
});

export enum CustomFieldRecordType {
  PERSON = 'PERSON',
  COMPANY = 'COMPANY',
  DEAL = 'DEAL',
}
registerEnumType(CustomFieldRecordType, { name: 'CustomFieldRecordType', description: 'The kind of record a custom field belongs to.' });

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Ascending or descending.' });

@ObjectType({ description: 'One option of a single or multiple choice field. Its ID stays when it is renamed or moved, and so do the values that chose it.' })
export class CustomFieldChoice {
  @Field(() => ID)
  id!: string;

  @Field()
  label!: string;
}

@ObjectType({ description: "A field an account's owners added to its people, companies or deals." })
export class CustomField {
  @Field(() => ID)
  id!: string;

  @Field(() => CustomFieldRecordType)
  recordType!: CustomFieldRecordType;

  @Field({ description: 'Unique among the fields of its record type (case aside).' })
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => CustomFieldType)
  type!: CustomFieldType;

  @Field(() => Int, { description: 'Its place among the fields of its record type, from 0.' })
  position!: number;

  @Field({ description: 'Whether lists offer it as a column from the start.' })
  showInList!: boolean;

  @Field(() => String, { nullable: true, description: 'For MONEY: the ISO 4217 currency of every value.' })
  currency!: string | null;

  @Field(() => [CustomFieldChoice], { description: 'For SINGLE_CHOICE and MULTIPLE_CHOICE: the options, in their order.' })
  choices!: CustomFieldChoice[];

  /** The record table's column that holds the values (`cf_` and 12 hex digits); never leaves the server. */
  columnName!: string;
}

@InputType({ description: 'An option of a choice field: with the ID of an existing one to keep (and rename) it, without to add one.' })
export class CustomFieldChoiceInput {
  @Field(() => ID, { nullable: true })
  id?: string;

  @Field()
  label!: string;
}

@InputType({ description: 'A new custom field; it goes after the existing fields of its record type.' })
export class CreateCustomFieldInput {
  @Field(() => CustomFieldRecordType)
  recordType!: CustomFieldRecordType;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => CustomFieldType)
  type!: CustomFieldType;

  @Field({ nullable: true, defaultValue: false })
  showInList?: boolean;

  @Field(() => String, { nullable: true, description: 'Required for MONEY: an ISO 4217 code such as EUR.' })
  currency?: string | null;

  @Field(() => [CustomFieldChoiceInput], { nullable: true, description: 'For choice fields: the options, in order.' })
  choices?: CustomFieldChoiceInput[];
}

@InputType({
  description:
    'Changes to a custom field; what is left out stays. A new type is refused with CUSTOM_FIELD_TYPE_NOT_CONVERTIBLE unless every stored value converts. `choices` replaces the options in the given order: kept ones by ID (renamed as given, values kept), new ones without; a dropped option is taken out of the values that chose it.',
})
export class UpdateCustomFieldInput {
  @Field({ nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => CustomFieldType, { nullable: true })
  type?: CustomFieldType;

  @Field({ nullable: true })
  showInList?: boolean;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => Int, { nullable: true, description: 'A new place among the fields of its record type (0 first); the others move up or down.' })
  position?: number;

  @Field(() => [CustomFieldChoiceInput], { nullable: true })
  choices?: CustomFieldChoiceInput[];
}

@InputType({
  description:
    "A value of a custom field for a record. Give the one member that fits the field's type (text for TEXT, LONG_TEXT, URL, EMAIL and PHONE; number; amount for MONEY; date; checked; choiceId; choiceIds); none, or null, clears the value.",
})
export class CustomFieldValueInput {
  @Field(() => ID)
  fieldId!: string;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => Float, { nullable: true })
  number?: number | null;

  @Field(() => Float, { nullable: true, description: "In the field's currency." })
  amount?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO date (YYYY-MM-DD).' })
  date?: string | null;

  @Field(() => Boolean, { nullable: true })
  checked?: boolean | null;

  @Field(() => ID, { nullable: true })
  choiceId?: string | null;

  @Field(() => [ID], { nullable: true })
  choiceIds?: string[] | null;
}

@InputType({
  description:
    'A condition on one custom field; all given members must hold. Text: text (equals, case aside), contains. Number and money: number (equals), min, max. Date: date (equals), from, to. Checkbox: checked. Choices: anyOf. Any type: isSet (true: has a value; false: has none). Ranges include their ends.',
})
export class CustomFieldCondition {
  @Field(() => ID)
  fieldId!: string;

  @Field(() => Boolean, { nullable: true })
  isSet?: boolean | null;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => String, { nullable: true })
  contains?: string | null;

  @Field(() => Float, { nullable: true })
  number?: number | null;

  @Field(() => Float, { nullable: true })
  min?: number | null;

  @Field(() => Float, { nullable: true })
  max?: number | null;

  @Field(() => String, { nullable: true })
  date?: string | null;

  @Field(() => String, { nullable: true })
  from?: string | null;

  @Field(() => String, { nullable: true })
  to?: string | null;

  @Field(() => Boolean, { nullable: true })
  checked?: boolean | null;

  @Field(() => [ID], { nullable: true })
  anyOf?: string[] | null;
}

@InputType({ description: 'Sorts a list by a custom field (not a choice field); records without a value come last ascending, first descending.' })
export class CustomFieldOrder {
  @Field(() => ID)
  fieldId!: string;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}
