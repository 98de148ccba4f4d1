import { badUserInput } from '../../errors/errors.js';
import { isUuid } from '../../db/ids.js';
import { isEmailAddress } from '../../mail/email-address.js';

export { isUuid };

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Trims, refuses empty and over-long values. */
export function requiredText(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed === '') throw badUserInput(field, `${field} must not be empty.`);
  if (trimmed.length > max) throw badUserInput(field, `${field} must be at most ${max} characters long.`);
  return trimmed;
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > max) throw badUserInput(field, `${field} must be at most ${max} characters long.`);
  return trimmed === '' ? null : trimmed;
}

export function emailList(values: string[], field: string): string[] {
  const emails = values.map((v) => v.trim()).filter((v) => v !== '');
  if (emails.length > 20) throw badUserInput(field, 'At most 20 e-mail addresses.');
  for (const email of emails) if (!isEmailAddress(email)) throw badUserInput(field, `"${email.slice(0, 100)}" is not a valid e-mail address.`);
  return [...new Set(emails)];
}

export function phoneList(values: string[], field: string): string[] {
  const phones = values.map((v) => v.trim()).filter((v) => v !== '');
  if (phones.length > 20) throw badUserInput(field, 'At most 20 phone numbers.');
  for (const phone of phones) if (!/^\+?[0-9 ()./-]{3,40}$/.test(phone)) throw badUserInput(field, `"${phone.slice(0, 100)}" is not a valid phone number.`);
  return [...new Set(phones)];
}

export function isoDate(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const date = new Date(`${value}T00:00:00Z`);
  if (!isoDatePattern.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw badUserInput(field, `${field} must be a date written YYYY-MM-DD.`);
  }
  return value;
}


/** An ID that cannot match anything when the input is not a UUID, so a bad filter finds nothing instead of failing. */
export function uuidOrNil(id: string): string {
  return isUuid(id) ? id : '00000000-0000-0000-0000-000000000000';
}
