import { Plan } from '../accounts/plan.entity.js';
import { countFileBytes, lockStorage, measureStorage } from '../accounts/usage.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { UnitOfWork } from '../request/unit-of-work.js';

/**
 * Refuses `addedBytes` more when the account's storage (its schema plus its
 * files, as `usage` counts it: accounts/usage.ts) would pass its package's
 * limit: `PLAN_LIMIT_REACHED` with `limit: "storage"`. With `lock`, uploads
 * of the account wait for each other until the transaction ends, so two
 * files that fit alone cannot both pass.
 */
export async function assertStorageFits(work: UnitOfWork, addedBytes: number, options: { lock: boolean }): Promise<void> {
  const em = await work.accountEm();
  if (options.lock) await lockStorage(em, work.scope.accountId);
  const { account } = await work.scope.details();
  const fileBytes = await countFileBytes(em);
  const plan = await work.globalEm.findOneOrFail(Plan, { code: account.planCode });
  const used = (await measureStorage(work.globalEm, work.scope.schemaName)) + fileBytes;
  if (used + addedBytes > plan.storageBytes) {
    throw new KontorError(
      ErrorCode.PLAN_LIMIT_REACHED,
      `Your package (${plan.name}) allows ${formatBytes(plan.storageBytes)} of storage; this account uses ${formatBytes(used)} and the file needs ${formatBytes(addedBytes)}. Upgrade the package or delete files.`,
      { limit: 'storage', max: plan.storageBytes, used, requested: addedBytes },
    );
  }
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
