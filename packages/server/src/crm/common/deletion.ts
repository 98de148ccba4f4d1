import { ErrorCode, KontorError } from '../../errors/errors.js';
import { maxDeletesPerRequest } from '../../policies/account-rights.js';
import type { Crm } from './crm-context.js';

const deletedPerRequest = new WeakMap<object, number>();

/**
 * Counts deletions against the request: roles without the bulk-delete right
 * (EXTENDED) may delete at most `maxDeletesPerRequest(role)` records in one
 * request, across all its operations. `records.delete` itself is checked by @InAccount.
 */
export async function allowDeletes(crm: Crm, count: number): Promise<void> {
  const role = await crm.scope.role();
  const max = maxDeletesPerRequest(role);
  if (max === Infinity) return;
  const total = (deletedPerRequest.get(crm.scope) ?? 0) + count;
  if (total > max) {
    throw new KontorError(
      ErrorCode.FORBIDDEN,
      `Your role (${role}) may delete at most ${max} records per request; deleting more needs the right "records.bulkDelete".`,
      { right: 'records.bulkDelete' },
    );
  }
  deletedPerRequest.set(crm.scope, total);
}
