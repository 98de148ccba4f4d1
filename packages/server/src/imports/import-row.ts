import { registerEnumType } from 'type-graphql';
import { KontorError } from '../errors/errors.js';
import { emailList, isoDate, optionalText, phoneList } from '../crm/common/validation.js';
import { countryCode } from './countries.js';
import { ImportField, ImportKind } from './import-fields.js';

/** Why a row cannot be imported as it is, or what importing it will do besides. */
export enum ImportProblem {
  MISSING_LAST_NAME = 'MISSING_LAST_NAME',
  MISSING_NAME = 'MISSING_NAME',
  INVALID_EMAIL = 'INVALID_EMAIL',
  INVALID_PHONE = 'INVALID_PHONE',
  INVALID_DATE = 'INVALID_DATE',
  INVALID_COUNTRY = 'INVALID_COUNTRY',
  TOO_LONG = 'TOO_LONG',
  /** Not a problem that stops the row: the company is not in this account yet and will be created. */
  COMPANY_WILL_BE_CREATED = 'COMPANY_WILL_BE_CREATED',
  /** Not a problem that stops the row: a record like it exists; the duplicate rule decides. */
  DUPLICATE = 'DUPLICATE',
  /** The database refused the row (the reason is in `value`). */
  NOT_SAVED = 'NOT_SAVED',
  /** The package's contact limit was reached before this row. */
  CONTACT_LIMIT = 'CONTACT_LIMIT',
}
registerEnumType(ImportProblem, { name: 'ImportProblem', description: 'What is wrong with an import row, or what importing it will do besides.' });

export const blocking = (problem: ImportProblem) => problem !== ImportProblem.COMPANY_WILL_BE_CREATED && problem !== ImportProblem.DUPLICATE;

export interface RowIssue {
  problem: ImportProblem;
  /** The value or field concerned. */
  value: string | null;
}

/** A row as it will be stored (people and companies share the shape; `name` is a company's). */
export interface RowDraft {
  firstName: string;
  lastName: string;
  name: string;
  emails: string[];
  phones: string[];
  position: string | null;
  companyName: string | null;
  website: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  birthday: string | null;
  tags: string[];
}

/** Turns one record into a draft with its problems, by the mapping (one field or null per column). */
export function buildRow(kind: ImportKind, mapping: (ImportField | null)[], record: string[]): { draft: RowDraft; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const values = new Map<ImportField, string[]>();
  mapping.forEach((field, column) => {
    const value = (record[column] ?? '').trim();
    if (field && value !== '') values.set(field, [...(values.get(field) ?? []), value]);
  });
  const one = (field: ImportField) => values.get(field)?.join(' ') ?? '';
  const text = (field: ImportField, max: number): string | null => {
    try {
      return optionalText(one(field), field, max);
    } catch {
      issues.push({ problem: ImportProblem.TOO_LONG, value: field });
      return null;
    }
  };
  const checked = <T>(fallback: T, problem: ImportProblem, value: string, check: () => T): T => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof KontorError)) throw error;
      issues.push({ problem, value: value.slice(0, 100) });
      return fallback;
    }
  };

  let firstName = text(ImportField.FIRST_NAME, 200) ?? '';
  let lastName = text(ImportField.LAST_NAME, 200) ?? '';
  const fullName = one(ImportField.FULL_NAME).trim();
  if (fullName && !lastName) {
    const words = fullName.split(/\s+/);
    lastName = words.pop()!.slice(0, 200);
    if (!firstName) firstName = words.join(' ').slice(0, 200);
  }
  const emails = (values.get(ImportField.EMAIL) ?? []).flatMap(splitList);
  const phones = (values.get(ImportField.PHONE) ?? []).flatMap(splitList);
  const countryText = one(ImportField.COUNTRY);
  const birthdayText = one(ImportField.BIRTHDAY);
  const draft: RowDraft = {
    firstName,
    lastName,
    name: text(ImportField.NAME, 200) ?? '',
    emails: emails.flatMap((email) => checked([], ImportProblem.INVALID_EMAIL, email, () => emailList([email], 'email'))),
    phones: phones.flatMap((phone) => checked([], ImportProblem.INVALID_PHONE, phone, () => phoneList([phone], 'phone'))),
    position: text(ImportField.POSITION, 200),
    companyName: text(ImportField.COMPANY, 200),
    website: text(ImportField.WEBSITE, 500),
    street: text(ImportField.STREET, 200),
    postalCode: text(ImportField.POSTAL_CODE, 20),
    city: text(ImportField.CITY, 100),
    country: countryText === '' ? null : countryCode(countryText),
    birthday: birthdayText === '' ? null : checked(null, ImportProblem.INVALID_DATE, birthdayText, () => isoDate(toIsoDate(birthdayText), 'birthday')),
    tags: [...new Set((values.get(ImportField.TAGS) ?? []).flatMap(splitList).map((tag) => tag.slice(0, 60)))],
  };
  draft.emails = [...new Set(draft.emails)];
  draft.phones = [...new Set(draft.phones)];
  if (countryText !== '' && draft.country === null) issues.push({ problem: ImportProblem.INVALID_COUNTRY, value: countryText.slice(0, 100) });
  if (kind === ImportKind.PEOPLE && draft.lastName === '') issues.push({ problem: ImportProblem.MISSING_LAST_NAME, value: null });
  if (kind === ImportKind.COMPANIES && draft.name === '') issues.push({ problem: ImportProblem.MISSING_NAME, value: null });
  return { draft, issues };
}

function splitList(value: string): string[] {
  return value
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Dates as German (31.12.1990), Spanish and British (31/12/1990) and ISO (1990-12-31) spreadsheets write them. */
export function toIsoDate(value: string): string {
  const text = value.trim();
  const dayFirst = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  if (dayFirst) return `${dayFirst[3]}-${dayFirst[2]!.padStart(2, '0')}-${dayFirst[1]!.padStart(2, '0')}`;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]!.padStart(2, '0')}-${iso[3]!.padStart(2, '0')}`;
  return text;
}
