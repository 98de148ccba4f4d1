import type { AccountScope } from '../request/account-scope.js';
import { customFieldsOf } from '../customfields/custom-field-definitions.js';
import { CustomFieldRecordType, CustomFieldType, type CustomField, type CustomFieldValueInput } from '../customfields/custom-field.types.js';
import { BooleanValue, ChoicesValue, ChoiceValue, DateValue, MoneyValue, NumberValue, TextValue, type CustomFieldValue } from '../customfields/custom-field-value.types.js';

const recordLabels: Record<CustomFieldRecordType, string> = {
  [CustomFieldRecordType.PERSON]: 'Person',
  [CustomFieldRecordType.COMPANY]: 'Company',
  [CustomFieldRecordType.DEAL]: 'Deal',
};

/**
 * Turns custom values of the source account into inputs for the target's
 * fields: a value goes to the target's field of the same name (case aside)
 * and type (MONEY: and currency), a choice to the option of the same label.
 * What has no such place is named in `dropped` ("Person: Shoe size").
 */
export class CustomValueMapping {
  readonly dropped = new Set<string>();
  private readonly fields = new Map<CustomFieldRecordType, Promise<CustomField[]>>();

  constructor(private readonly target: AccountScope) {}

  async inputsFor(recordType: CustomFieldRecordType, values: CustomFieldValue[]): Promise<CustomFieldValueInput[]> {
    if (values.length === 0) return [];
    let fields = this.fields.get(recordType);
    if (!fields) this.fields.set(recordType, (fields = customFieldsOf(this.target, recordType)));
    const targetFields = await fields;
    const inputs: CustomFieldValueInput[] = [];
    for (const value of values) {
      const field = targetFields.find((f) => f.name.toLowerCase() === value.field.name.toLowerCase() && f.type === value.field.type);
      const input = field && inputFor(field, value);
      if (input) inputs.push(input);
      else this.dropped.add(`${recordLabels[recordType]}: ${value.field.name}`);
    }
    return inputs;
  }
}

function inputFor(field: CustomField, value: CustomFieldValue): CustomFieldValueInput | null {
  const fieldId = field.id;
  const choice = (label: string) => field.choices.find((c) => c.label.toLowerCase() === label.toLowerCase())?.id;
  if (value instanceof TextValue) return { fieldId, text: value.text };
  if (value instanceof NumberValue) return { fieldId, number: value.number };
  if (value instanceof MoneyValue) return field.type === CustomFieldType.MONEY && field.currency === value.currency ? { fieldId, amount: value.amount } : null;
  if (value instanceof DateValue) return { fieldId, date: value.date };
  if (value instanceof BooleanValue) return { fieldId, checked: value.checked };
  if (value instanceof ChoiceValue) {
    const choiceId = choice(value.choice.label);
    return choiceId ? { fieldId, choiceId } : null;
  }
  if (value instanceof ChoicesValue) {
    const choiceIds = value.choices.map((c) => choice(c.label));
    return choiceIds.every((id) => id !== undefined) ? { fieldId, choiceIds: choiceIds as string[] } : null;
  }
  return null;
}
