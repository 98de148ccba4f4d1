import type { CustomFieldDefinitionFragment, CustomFieldValueInput, CustomValueFragment } from '@kontor/sdk';
import type { useFormat } from '../../i18n/format';

/** What a form holds for one field: text for text, numbers and dates (as typed), a flag, or chosen IDs. */
export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;

/** A record's values as a form's starting values, by field ID. */
export function formValuesOf(fields: CustomFieldDefinitionFragment[], values: CustomValueFragment[] = []): FormValues {
  const byField = new Map(values.map((value) => [value.field.id, value]));
  return Object.fromEntries(fields.map((field) => [field.id, formValueOf(field, byField.get(field.id))]));
}

function formValueOf(field: CustomFieldDefinitionFragment, value: CustomValueFragment | undefined): FormValue {
  switch (field.type) {
    case 'CHECKBOX':
      return value?.__typename === 'BooleanValue' ? value.checked : false;
    case 'SINGLE_CHOICE':
      return value?.__typename === 'ChoiceValue' ? value.choice.id : '';
    case 'MULTIPLE_CHOICE':
      return value?.__typename === 'ChoicesValue' ? value.choices.map((c) => c.id) : [];
    default:
      if (value?.__typename === 'NumberValue') return String(value.number);
      if (value?.__typename === 'MoneyValue') return String(value.amount);
      if (value?.__typename === 'DateValue') return value.date;
      if (value?.__typename === 'TextValue') return value.text;
      return '';
  }
}

/** The inputs for the fields whose form value differs from `before` (all set ones for a new record). */
export function valueInputs(fields: CustomFieldDefinitionFragment[], form: FormValues, before: FormValues = {}): CustomFieldValueInput[] {
  return fields
    .filter((field) => JSON.stringify(form[field.id]) !== JSON.stringify(before[field.id] ?? formValueOf(field, undefined)))
    .map((field) => valueInput(field, form[field.id]!));
}

function valueInput(field: CustomFieldDefinitionFragment, value: FormValue): CustomFieldValueInput {
  const text = typeof value === 'string' ? value.trim() : '';
  switch (field.type) {
    case 'NUMBER':
      return { fieldId: field.id, number: text === '' ? null : Number(text.replace(',', '.')) };
    case 'MONEY':
      return { fieldId: field.id, amount: text === '' ? null : Number(text.replace(',', '.')) };
    case 'DATE':
      return { fieldId: field.id, date: text || null };
    case 'CHECKBOX':
      return { fieldId: field.id, checked: value === true };
    case 'SINGLE_CHOICE':
      return { fieldId: field.id, choiceId: text || null };
    case 'MULTIPLE_CHOICE':
      return { fieldId: field.id, choiceIds: value as string[] };
    default:
      return { fieldId: field.id, text: text || null };
  }
}

/** A value as the user reads it, in their language. */
export function displayValue(value: CustomValueFragment, format: ReturnType<typeof useFormat>, yes: string, no: string): string {
  switch (value.__typename) {
    case 'NumberValue':
      return format.number(value.number);
    case 'MoneyValue':
      return format.money(Math.round(value.amount * 100), value.currency);
    case 'DateValue':
      return format.date(value.date);
    case 'BooleanValue':
      return value.checked ? yes : no;
    case 'ChoiceValue':
      return value.choice.label;
    case 'ChoicesValue':
      return value.choices.map((c) => c.label).join(', ');
    case 'TextValue':
      return value.text;
    default:
      return '';
  }
}
