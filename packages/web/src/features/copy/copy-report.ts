import type { CopyRecordsMutation, MeQuery } from '@kontor/sdk';
import type { TFunction } from 'i18next';
import { errorMessage, readError } from '../../ui/errors';

type Membership = MeQuery['me']['memberships'][number];
export type CopyResult = CopyRecordsMutation['copyRecords'];

/** The accounts a copy may go into: the user's other accounts where they are active and may write records (the server checks again). */
export function copyTargets(memberships: readonly Membership[], currentAccountId: string | undefined): Membership[] {
  return memberships.filter((m) => m.status === 'ACTIVE' && m.account.id !== currentAccountId && m.rights.includes('RECORDS_WRITE'));
}

/** What a copy did, a line each; lines about what was skipped or left behind only when there is any. */
export function copyReportLines(t: TFunction, result: CopyResult): string[] {
  const skipped = result.peopleSkipped + result.companiesSkipped;
  const lines = [
    t('copy.result.people', { count: result.peopleCopied }),
    t('copy.result.companies', { count: result.companiesCopied }),
    skipped > 0 && t('copy.result.skipped', { count: skipped }),
    t('copy.result.notesAndTasks', { notes: result.notesCopied, tasks: result.tasksCopied }),
    result.dealsCopied > 0 && t('copy.result.deals', { count: result.dealsCopied }),
    result.tasksUnassigned > 0 && t('copy.result.unassigned', { count: result.tasksUnassigned }),
    result.customFieldsDropped.length > 0 && t('copy.result.dropped', { fields: result.customFieldsDropped.join(', ') }),
    result.confidentialNotesLeft > 0 && t('copy.result.confidential', { count: result.confidentialNotesLeft }),
    result.filesLeft > 0 && t('copy.result.files', { count: result.filesLeft }),
  ];
  return lines.filter((line): line is string => typeof line === 'string');
}

/** A refused copy in the user's language; over the target's contact limit it says how many more would fit. */
export function copyErrorMessage(t: TFunction, error: unknown): string {
  const { code, details } = readError(error);
  return code === 'PLAN_LIMIT_REACHED' && typeof details?.fits === 'number' ? t('copy.limit', { count: details.fits }) : errorMessage(t, error);
}
