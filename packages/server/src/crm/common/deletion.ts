import { ErrorCode, KontorError } from '../../errors/errors.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { maxDeletesPerRequest } from '../../policies/account-rights.js';

const deletedPerRequest = new WeakMap<object, number>();

/**
 * Counts deletions against the request: roles without the bulk-delete right
 * (EXTENDED) may delete at most `maxDeletesPerRequest(role)` records in one
 * request, across all its operations. A file counts as a record, whether
 * deleted alone or with the person, company, deal or note it is attached to
 * (the services count those once they know them). `records.delete` itself is
 * checked by @InAccount.
 */
export async function allowDeletes(work: UnitOfWork, count: number): Promise<void> {
  const role = await work.scope.role();
  const max = maxDeletesPerRequest(role);
  if (max === Infinity) return;
  const total = (deletedPerRequest.get(work.scope) ?? 0) + count;
  if (total > max) {
    throw new KontorError(
      ErrorCode.FORBIDDEN,
      `Your role (${role}) may delete at most ${max} records and files per request; deleting more needs the right "records.bulkDelete".`,
      { right: 'records.bulkDelete' },
    );
  }
  deletedPerRequest.set(work.scope, total);
}
