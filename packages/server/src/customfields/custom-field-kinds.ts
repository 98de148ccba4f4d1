import { badUserInput } from '../errors/errors.js';
import { quoteIdent } from '../db/sql.js';
import { isEmailAddress } from '../mail/email-address.js';
import { isoDate, isUuid } from '../crm/common/validation.js';
import type { SortKeyType } from '../crm/common/connection.js';
import { CustomFieldType, type CustomField, type CustomFieldValueInput } from './custom-field.types.js';
import { BooleanValue, ChoicesValue, ChoiceValue, DateValue, MoneyValue, NumberValue, TextValue, type CustomFieldValue } from './custom-field-value.types.js';

/** The column types custom fields use (the account's `kontor_custom_column` accepts these and no others). */
export type CustomColumnType = 'text' | 'numeric' | 'date' | 'boolean' | 'uuid' | 'uuid[]';

/** The member of CustomFieldValueInput that carries a value of each type. */
export type ValueMember = 'text' | 'number' | 'amount' | 'date' | 'checked' | 'choiceId' | 'choiceIds';

/** What a field's type means for its column, its input, its reading and its conversions. */
export interface Kind {
  column: CustomColumnType;
  member: ValueMember;
  /** Part of the record's `custom_text`, so that search finds it. */
  searched: boolean;
  /** How a sort by it travels in a cursor; none: not sortable. */
  sortKey?: SortKeyType;
  /** The input member's value, checked, as the SQL parameter to store (null clears). */
  parse(value: unknown, field: CustomField, path: string): unknown;
  /** Whether a stored value, as PostgreSQL writes it as text, is a valid value of this type (a type change converts only such). */
  accepts(text: string): boolean;
}

const maxNumber = 1e15;
const numberText = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$/;
const phonePattern = /^\+?[0-9 ()./-]{3,40}$/;
const booleanText = /^\s*(true|false|t|f|yes|no|y|n|on|off|1|0)\s*$/i;

function textKind(max: number, valid: (text: string) => boolean = () => true, what = 'text'): Kind {
  const accepts = (text: string) => text.trim().length <= max && (text.trim() === '' || valid(text.trim()));
  return {
    column: 'text',
    member: 'text',
    searched: true,
    sortKey: 'text',
    parse(value, _field, path) {
      if (value === null || value === undefined) return null;
      const text = String(value).trim();
      if (text === '') return null;
      if (text.length > max) throw badUserInput(path, `A value must be at most ${max} characters long.`);
      if (!valid(text)) throw badUserInput(path, `"${text.slice(0, 100)}" is not a valid ${what}.`);
      return text;
    },
    accepts,
  };
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function numberKind(member: 'number' | 'amount'): Kind {
  return {
    column: 'numeric',
    member,
    searched: false,
    sortKey: 'numeric',
    parse(value, _field, path) {
      if (value === null || value === undefined) return null;
      if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) >= maxNumber) throw badUserInput(path, `A number must be below ${maxNumber} in size.`);
      return String(value);
    },
    accepts: (text) => numberText.test(text) && Math.abs(Number(text)) < maxNumber,
  };
}

function choiceIdsOf(field: CustomField): Set<string> {
  return new Set(field.choices.map((choice) => choice.id));
}

export const kinds: Record<CustomFieldType, Kind> = {
  [CustomFieldType.TEXT]: textKind(1_000),
  [CustomFieldType.LONG_TEXT]: textKind(10_000),
  [CustomFieldType.URL]: textKind(2_000, isWebAddress, 'web address (http or https)'),
  [CustomFieldType.EMAIL]: textKind(254, isEmailAddress, 'e-mail address'),
  [CustomFieldType.PHONE]: textKind(40, (text) => phonePattern.test(text), 'phone number'),
  [CustomFieldType.NUMBER]: numberKind('number'),
  [CustomFieldType.MONEY]: numberKind('amount'),
  [CustomFieldType.DATE]: {
    column: 'date',
    member: 'date',
    searched: false,
    sortKey: 'date',
    parse: (value, _field, path) => isoDate(value as string | null | undefined, path),
    accepts(text) {
      try {
        return isoDate(text.trim(), 'date') !== null;
      } catch {
        return false;
      }
    },
  },
  [CustomFieldType.CHECKBOX]: {
    column: 'boolean',
    member: 'checked',
    searched: false,
    sortKey: 'boolean',
    parse: (value) => (value === null || value === undefined ? null : Boolean(value)),
    accepts: (text) => booleanText.test(text),
  },
  [CustomFieldType.SINGLE_CHOICE]: {
    column: 'uuid',
    member: 'choiceId',
    searched: false,
    parse(value, field, path) {
      if (value === null || value === undefined) return null;
      if (!choiceIdsOf(field).has(String(value))) throw badUserInput(path, `That is not a choice of "${field.name}".`);
      return value;
    },
    accepts: () => false,
  },
  [CustomFieldType.MULTIPLE_CHOICE]: {
    column: 'uuid[]',
    member: 'choiceIds',
    searched: false,
    parse(value, field, path) {
      if (value === null || value === undefined) return null;
      const chosen = new Set(value as string[]);
      const known = choiceIdsOf(field);
      for (const id of chosen) if (!known.has(id)) throw badUserInput(path, `That is not a choice of "${field.name}".`);
      // Kept in the choices' order, so equal selections are stored alike.
      const ordered = field.choices.map((choice) => choice.id).filter((id) => chosen.has(id));
      return ordered.length === 0 ? null : `{${ordered.join(',')}}`;
    },
    accepts: () => false,
  },
};

export const isChoiceType = (type: CustomFieldType): boolean => type === CustomFieldType.SINGLE_CHOICE || type === CustomFieldType.MULTIPLE_CHOICE;

/** The stored value of one input, checked against its field; exactly the member of the field's type may be given. */
export function valueFromInput(field: CustomField, input: CustomFieldValueInput, path: string): unknown {
  const kind = kinds[field.type];
  const members: ValueMember[] = ['text', 'number', 'amount', 'date', 'checked', 'choiceId', 'choiceIds'];
  for (const member of members) {
    if (member !== kind.member && input[member] !== undefined && input[member] !== null) {
      throw badUserInput(`${path}.${member}`, `"${field.name}" is a ${field.type} field: give its value as ${kind.member}.`);
    }
  }
  if (kind.member === 'choiceIds' && input.choiceIds) for (const id of input.choiceIds) if (!isUuid(id)) throw badUserInput(`${path}.choiceIds`, `That is not a choice of "${field.name}".`);
  return kind.parse(input[kind.member], field, `${path}.${kind.member}`);
}

/**
 * A stored value (read as `column::text`, or `::text[]` for arrays) as its
 * GraphQL value; null when unset or no longer meaningful (a choice removed since).
 */
export function valueFromColumn(field: CustomField, stored: unknown): CustomFieldValue | null {
  if (stored === null || stored === undefined) return null;
  const text = stored as string;
  switch (field.type) {
    case CustomFieldType.NUMBER:
      return Object.assign(new NumberValue(), { field, number: Number(text) });
    case CustomFieldType.MONEY:
      return Object.assign(new MoneyValue(), { field, amount: Number(text), currency: field.currency ?? '' });
    case CustomFieldType.DATE:
      return Object.assign(new DateValue(), { field, date: text });
    case CustomFieldType.CHECKBOX:
      return Object.assign(new BooleanValue(), { field, checked: text === 'true' });
    case CustomFieldType.SINGLE_CHOICE: {
      const choice = field.choices.find((c) => c.id === text);
      return choice ? Object.assign(new ChoiceValue(), { field, choice }) : null;
    }
    case CustomFieldType.MULTIPLE_CHOICE: {
      const chosen = new Set(stored as string[]);
      const choices = field.choices.filter((c) => chosen.has(c.id));
      return choices.length > 0 ? Object.assign(new ChoicesValue(), { field, choices }) : null;
    }
    default:
      return Object.assign(new TextValue(), { field, text });
  }
}

/** The select expression that reads a field's column in the form valueFromColumn takes. */
export function readExpression(field: CustomField, alias = 't'): string {
  const column = `${alias}.${quoteIdent(field.columnName)}`;
  return kinds[field.type].column === 'uuid[]' ? `${column}::text[]` : `${column}::text`;
}

/** A value as plain JSON, for webhook payloads. */
export function valueAsJson(value: CustomFieldValue): unknown {
  if (value instanceof TextValue) return value.text;
  if (value instanceof NumberValue) return value.number;
  if (value instanceof MoneyValue) return { amount: value.amount, currency: value.currency };
  if (value instanceof DateValue) return value.date;
  if (value instanceof BooleanValue) return value.checked;
  if (value instanceof ChoiceValue) return { id: value.choice.id, label: value.choice.label };
  if (value instanceof ChoicesValue) return value.choices.map((c) => ({ id: c.id, label: c.label }));
  return null;
}
