import { ErrorCode, KontorError } from '../../errors/errors.js';
import { bulkDeleteLimit, can } from '../../policies/account-rights.js';
import type { Crm } from './crm-context.js';

const deletedPerRequest = new WeakMap<object, number>();

/**
 * Counts deletions against the request: roles without the bulk-delete right
 * (EXTENDED) may delete at most `bulkDeleteLimit` records in one request,
 * across all its operations. `records.delete` itself is checked by @InAccount.
 */
export async function allowDeletes(crm: Crm, count: number): Promise<void> {
  const role = await crm.scope.role();
  if (can(role, 'records.bulkDelete')) return;
  const total = (deletedPerRequest.get(crm.scope) ?? 0) + count;
  if (total > bulkDeleteLimit) {
    throw new KontorError(
      ErrorCode.FORBIDDEN,
      `Your role (${role}) may delete at most ${bulkDeleteLimit} records per request; deleting more needs the right "records.bulkDelete".`,
      { right: 'records.bulkDelete' },
    );
  }
  deletedPerRequest.set(crm.scope, total);
}
