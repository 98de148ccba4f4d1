import { Field, Float, InterfaceType, ObjectType } from 'type-graphql';
import { CustomField, CustomFieldChoice } from './custom-field.types.js';

/**
 * A record's value of one of its custom fields. The schema is one for every
 * account, so the fields are not GraphQL fields of Person: a record lists its
 * values, each typed after its field's type (`... on MoneyValue { amount currency }`).
 */
@InterfaceType({
  // No resolveType: type-graphql's default picks the implementation by instanceof, synchronously, as graphql-jit needs.
  description: "A value of a custom field on a record; its type follows the field's type.",
})
export abstract class CustomFieldValue {
  @Field(() => CustomField)
  field!: CustomField;
}

@ObjectType({ implements: CustomFieldValue, description: 'The value of a TEXT, LONG_TEXT, URL, EMAIL or PHONE field.' })
export class TextValue extends CustomFieldValue {
  @Field()
  text!: string;
}

@ObjectType({ implements: CustomFieldValue, description: 'The value of a NUMBER field.' })
export class NumberValue extends CustomFieldValue {
  @Field(() => Float)
  number!: number;
}

@ObjectType({ implements: CustomFieldValue, description: "The value of a MONEY field, in the field's currency." })
export class MoneyValue extends CustomFieldValue {
  @Field(() => Float)
  amount!: number;

  @Field()
  currency!: string;
}

@ObjectType({ implements: CustomFieldValue, description: 'The value of a DATE field.' })
export class DateValue extends CustomFieldValue {
  @Field({ description: 'ISO date (YYYY-MM-DD).' })
  date!: string;
}

@ObjectType({ implements: CustomFieldValue, description: 'The value of a CHECKBOX field.' })
export class BooleanValue extends CustomFieldValue {
  @Field()
  checked!: boolean;
}

@ObjectType({ implements: CustomFieldValue, description: 'The value of a SINGLE_CHOICE field.' })
export class ChoiceValue extends CustomFieldValue {
  @Field(() => CustomFieldChoice)
  choice!: CustomFieldChoice;
}

@ObjectType({ implements: CustomFieldValue, description: 'The value of a MULTIPLE_CHOICE field, in the order of the field\'s choices.' })
export class ChoicesValue extends CustomFieldValue {
  @Field(() => [CustomFieldChoice])
  choices!: CustomFieldChoice[];
}

/** Every implementation, for the schema's orphaned types (none is a field's declared type). */
export const customFieldValueTypes = [TextValue, NumberValue, MoneyValue, DateValue, BooleanValue, ChoiceValue, ChoicesValue];
