import pLimit, { type LimitFunction } from 'p-limit';
import { badUserInput } from '../errors/errors.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import { lookupConnections } from '../db/connection-pools.js';
import type { Logger } from '../logging/logger.js';
import type { UserCaller } from '../request/context.js';
import { changeInNamedAccount } from '../request/named-account.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { audit } from '../audit/audit-trail.js';
import { AuditAction } from '../audit/audit-action.js';
import { ActivityKind, recordActivity } from '../crm/activity/activity.js';
import { readCopySource } from './copy-source.js';
import { writeCopy } from './copy-target.js';
import type { CopyRecordsInput, CopyResult } from './copy.types.js';

/**
 * Copies people and companies (with their notes and tasks, and their deals
 * when asked) from the request's account into another account of the caller.
 *
 * The source is read in the request's transaction under the caller's role
 * there; nothing of it changes but the COPIED_TO timeline entries and the
 * audit entry, written after the target has committed. The target is written
 * in a transaction of its own (changeInNamedAccount: the caller check for that
 * account, the right records.write there, its database role), on a look-up
 * connection since the request already holds its account connection.
 */
export async function copyRecords(
  services: { orm: Orm; logger: Logger; config: Config; clientIp?: string },
  work: UnitOfWork,
  caller: UserCaller,
  input: CopyRecordsInput,
): Promise<CopyResult> {
  if (input.targetAccountId === work.scope.accountId) throw badUserInput('targetAccountId', 'Choose another account than this one to copy into.');
  const source = await readCopySource(work, input);
  const writeTarget = async (targetWork: UnitOfWork) => {
    const { account } = await targetWork.scope.details();
    return { target: { id: account.id, name: account.name, slug: account.slug }, written: await writeCopy(targetWork, source, input.duplicates) };
  };
  const { target, written } = await targetWriters(services)(() =>
    changeInNamedAccount(services, caller, input.targetAccountId, 'records.write', writeTarget, lookupConnections(services.orm)),
  );
  const copiedTo = { accountName: target.name };
  for (const id of written.copiedCompanies) await recordActivity(work, 'COMPANY', id, ActivityKind.COPIED_TO, copiedTo);
  for (const id of written.copiedPeople) await recordActivity(work, 'PERSON', id, ActivityKind.COPIED_TO, copiedTo);
  for (const id of written.copiedDeals) await recordActivity(work, 'DEAL', id, ActivityKind.COPIED_TO, copiedTo);
  await audit(work, await work.accountEm(), {
    action: AuditAction.RECORDS_COPIED_OUT,
    target: { type: 'ACCOUNT', id: target.id, label: target.name },
    changes: { people: written.copiedPeople, companies: written.copiedCompanies, deals: written.copiedDeals },
  });
  return { target, ...written.counts, filesLeft: source.files };
}

const writersByOrm = new WeakMap<Orm, LimitFunction>();

/**
 * Copies being written in this process at once: one fewer than the look-up pool. A copy holds a look-up
 * connection for its target while its services still take short ones (the package's limit, memberships);
 * were every look-up connection held by a copy, each would wait for another. Everything else holds one
 * only briefly, so with one left over every copy gets on.
 */
function targetWriters(services: { orm: Orm; config: Config }): LimitFunction {
  let limit = writersByOrm.get(services.orm);
  if (!limit) writersByOrm.set(services.orm, (limit = pLimit(Math.max(1, services.config.database.lookupPoolSize - 1))));
  return limit;
}
