import { ImportProblem, type RowIssue } from './import-row.js';

/** The reason a row failed, in the failed-rows file (English: the file is for spreadsheets; the web app shows the problems in the user's language). */
const texts: Record<ImportProblem, (value: string | null) => string> = {
  [ImportProblem.MISSING_LAST_NAME]: () => 'The last name is missing.',
  [ImportProblem.MISSING_NAME]: () => 'The company name is missing.',
  [ImportProblem.INVALID_EMAIL]: (value) => `"${value}" is not a valid e-mail address.`,
  [ImportProblem.INVALID_PHONE]: (value) => `"${value}" is not a valid phone number.`,
  [ImportProblem.INVALID_DATE]: (value) => `"${value}" is not a date (31.12.1990, 31/12/1990 or 1990-12-31).`,
  [ImportProblem.INVALID_COUNTRY]: (value) => `"${value}" is not a country.`,
  [ImportProblem.TOO_LONG]: (value) => `${value} is too long.`,
  [ImportProblem.COMPANY_WILL_BE_CREATED]: (value) => `The company "${value}" will be created.`,
  [ImportProblem.DUPLICATE]: (value) => `A record with the same ${value} exists.`,
  [ImportProblem.NOT_SAVED]: (value) => `The row could not be saved: ${value}`,
  [ImportProblem.CONTACT_LIMIT]: (value) => `Not imported: the package's contact limit${value ? ` (${value})` : ''} was reached.`,
};

export function describeIssues(issues: RowIssue[]): string {
  return issues.map((issue) => texts[issue.problem](issue.value)).join(' ');
}
