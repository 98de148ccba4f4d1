import type { ConnectionSource } from '../db/connection-pools.js';
import type { Orm } from '../db/orm.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { can, type Right } from '../policies/account-rights.js';
import { AccountScope } from './account-scope.js';
import { CallerCheck } from './caller-check.js';
import { assertNoPackageImport, recordRights } from './package-import-guard.js';
import type { UserCaller } from './context.js';
import { unitOfWork, type UnitOfWork } from './unit-of-work.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Changes something in an account the caller names, not the one their token
 * is scoped to ("my work": completing a task of another account without
 * switching). It is exactly as strict as `@InAccount(right)`: the same
 * database check of the session and of an active membership
 * (`kontor_check_caller`, caller-check.ts) for the named account, the same
 * rights table, and the work runs in its own transaction under that
 * account's own database role, committed only when `change` succeeds.
 *
 * The operation must come alone in its request (it is not
 * `@UndoneWithRequest`): its transaction is its own. A request that holds no
 * other account connection takes it from the request pool; one that already
 * holds its own account's (copyRecords, which reads the source account in the
 * request's transaction) passes `lookupConnections`, so it never waits for a
 * second connection of the pool it holds one of (db/connection-pools.ts).
 */
export async function changeInNamedAccount<T>(
  /** `clientIp`: the caller's address, for the audit entries the change writes. */
  services: { orm: Orm; logger: Logger; clientIp?: string },
  caller: UserCaller,
  accountId: string,
  /** The right the change needs; null: any active member may (a change the system makes on the member's behalf). */
  right: Right | null,
  change: (work: UnitOfWork) => Promise<T>,
  connections?: ConnectionSource,
): Promise<T> {
  if (!uuidPattern.test(accountId)) throw new KontorError(ErrorCode.FORBIDDEN, 'You are not a member of this account.');
  const check = new CallerCheck(services.orm, { userId: caller.userId, sessionId: caller.sessionId, accountId }, services.logger);
  const scope = AccountScope.pending(services.orm, check, connections);
  // The check runs on its own here (a look-up connection, given back at once), before the scope takes its connection.
  const role = await scope.role();
  if (right && !can(role, right)) throw new KontorError(ErrorCode.FORBIDDEN, `Your role (${role}) does not have the right "${right}" in this account.`, { right });
  try {
    if (right && recordRights.includes(right)) await assertNoPackageImport(scope);
    const result = await change(unitOfWork(scope, services.orm, services.clientIp));
    await scope.finish(true);
    return result;
  } catch (error) {
    await scope.finish(false);
    throw error;
  }
}
