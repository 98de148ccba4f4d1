import type { CustomFieldCondition, CustomFieldDefinitionFragment, CustomFieldType } from '@kontor/sdk';

/**
 * One condition of a list's custom-field filter as the URL keeps it
 * (`cf=<field ID>.<operator>.<value>`, one parameter each): a link or a
 * reload shows the same rows. The operators are those the server answers
 * from an index (`CustomFieldCondition`); "is empty" is `isSet.false`.
 */
export type FilterOperator = 'equals' | 'contains' | 'min' | 'max' | 'from' | 'to' | 'checked' | 'anyOf' | 'isSet';

export interface ListFilter {
  fieldId: string;
  operator: FilterOperator;
  /** As typed: a text, a number, a date (YYYY-MM-DD), `true`/`false`, or choice IDs separated by commas. */
  value: string;
}

const textTypes: readonly CustomFieldType[] = ['TEXT', 'LONG_TEXT', 'URL', 'EMAIL', 'PHONE'];

/**
 * What a filter menu offers for a field: an operator, and for the choices
 * that need no value typed (ticked or not, set or empty) the value as well.
 */
export type FilterChoice = 'contains' | 'equals' | 'min' | 'max' | 'from' | 'to' | 'checked' | 'unchecked' | 'anyOf' | 'set' | 'empty';

/** The choices for a field of this type, in the order the menu shows them. */
export function choicesOf(type: CustomFieldType): FilterChoice[] {
  if (textTypes.includes(type)) return ['contains', 'equals', 'set', 'empty'];
  if (type === 'NUMBER' || type === 'MONEY') return ['equals', 'min', 'max', 'set', 'empty'];
  if (type === 'DATE') return ['equals', 'from', 'to', 'set', 'empty'];
  if (type === 'CHECKBOX') return ['checked', 'unchecked'];
  return ['anyOf', 'set', 'empty'];
}

const fixed: Partial<Record<FilterChoice, Pick<ListFilter, 'operator' | 'value'>>> = {
  checked: { operator: 'checked', value: 'true' },
  unchecked: { operator: 'checked', value: 'false' },
  set: { operator: 'isSet', value: 'true' },
  empty: { operator: 'isSet', value: 'false' },
};

/** Whether the choice needs a value typed or picked. */
export const needsValue = (choice: FilterChoice): boolean => !fixed[choice];

/** The filter a menu's choice and value make. */
export function filterOf(fieldId: string, choice: FilterChoice, value: string): ListFilter {
  return { fieldId, ...(fixed[choice] ?? { operator: choice as FilterOperator, value }) };
}

/** The menu's choice a filter was made with. */
export function choiceOf(filter: ListFilter): FilterChoice {
  if (filter.operator === 'checked') return filter.value === 'true' ? 'checked' : 'unchecked';
  if (filter.operator === 'isSet') return filter.value === 'true' ? 'set' : 'empty';
  return filter.operator as FilterChoice;
}

const operators: readonly FilterOperator[] = ['equals', 'contains', 'min', 'max', 'from', 'to', 'checked', 'anyOf', 'isSet'];

/** The filters in a URL's `cf` parameters; malformed ones are left out. */
export function filtersOfParams(params: URLSearchParams): ListFilter[] {
  return params.getAll('cf').flatMap((param) => {
    const match = /^([0-9a-f-]+)\.([a-zA-Z]+)\.(.*)$/s.exec(param);
    if (!match || !operators.includes(match[2] as FilterOperator)) return [];
    return [{ fieldId: match[1]!, operator: match[2] as FilterOperator, value: match[3]! }];
  });
}

/** The URL parameters with `filters` as its `cf` parameters, everything else kept. */
export function paramsWithFilters(params: URLSearchParams, filters: ListFilter[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('cf');
  for (const filter of filters) next.append('cf', `${filter.fieldId}.${filter.operator}.${filter.value}`);
  return next;
}

/** A number as typed in German or English ("1.234,5", "1234.5"); undefined when it is none. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim().replace(/\s/g, '');
  if (trimmed === '') return undefined;
  const normalised = trimmed.includes(',') ? trimmed.replace(/\./g, '').replace(',', '.') : trimmed;
  const number = Number(normalised);
  return Number.isFinite(number) ? number : undefined;
}

/** Whether a filter's value fits its operator and field (a form refuses the others). */
export function isComplete(filter: ListFilter, field: CustomFieldDefinitionFragment): boolean {
  const { operator, value } = filter;
  if (operator === 'isSet' || operator === 'checked') return value === 'true' || value === 'false';
  if (operator === 'anyOf') return value.split(',').some((id) => field.choices.some((choice) => choice.id === id));
  if (operator === 'min' || operator === 'max' || (operator === 'equals' && (field.type === 'NUMBER' || field.type === 'MONEY'))) return parseNumber(value) !== undefined;
  if (operator === 'from' || operator === 'to' || (operator === 'equals' && field.type === 'DATE')) return /^\d{4}-\d{2}-\d{2}$/.test(value);
  return value.trim() !== '';
}

/**
 * The filters as the server's conditions, one per field (all of a field's
 * operators must hold, so "at least" and "at most" together are a range).
 * Filters of fields that no longer exist, or whose value does not fit, are left out.
 */
export function conditionsOf(filters: ListFilter[], fields: CustomFieldDefinitionFragment[]): CustomFieldCondition[] {
  const byField = new Map<string, CustomFieldCondition>();
  for (const filter of filters) {
    const field = fields.find((f) => f.id === filter.fieldId);
    if (!field || !choicesOf(field.type).includes(choiceOf(filter)) || !isComplete(filter, field)) continue;
    const condition = byField.get(field.id) ?? { fieldId: field.id };
    byField.set(field.id, { ...condition, ...memberOf(filter, field) });
  }
  return [...byField.values()];
}

function memberOf({ operator, value }: ListFilter, field: CustomFieldDefinitionFragment): Partial<CustomFieldCondition> {
  switch (operator) {
    case 'equals':
      if (field.type === 'NUMBER' || field.type === 'MONEY') return { number: parseNumber(value) };
      if (field.type === 'DATE') return { date: value };
      return { text: value.trim() };
    case 'contains':
      return { contains: value.trim() };
    case 'min':
    case 'max':
      return { [operator]: parseNumber(value) };
    case 'from':
    case 'to':
      return { [operator]: value };
    case 'checked':
    case 'isSet':
      return { [operator]: value === 'true' };
    case 'anyOf':
      return { anyOf: value.split(',').filter((id) => field.choices.some((choice) => choice.id === id)) };
  }
}
