import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Right } from '../policies/account-rights.js';
import type { AccountScope } from './account-scope.js';
import { quoteLiteral } from '../db/sql.js';

/**
 * While a package is brought into an account (accountpackage/: its upload
 * queued, its job running), nothing else adds or changes records there, so
 * nothing mixes with it: every change that needs one of `recordRights`
 * (`@InAccount`, changeInNamedAccount, the upload routes, an import's batch)
 * asks `assertNoPackageImport` first, in its own transaction (`@InAccount` lets
 * the question travel with the mutation's first statement: `askWithFirstStatement`), and is refused
 * with `PACKAGE_IMPORT_RUNNING` while an import of the account is QUEUED or
 * RUNNING. The ask takes a shared transaction-level advisory lock that the
 * package's job takes exclusively (`lockForPackageImport`) before it checks
 * that the account is empty: the job waits for changes already under way to
 * commit (and then finds their records, so it fails with ACCOUNT_NOT_EMPTY),
 * and while its transaction runs every such change is refused at once.
 */
export const recordRights: readonly Right[] = ['records.write', 'records.delete', 'records.bulkDelete', 'records.import', 'fields.manage'];

const lockName = (accountId: string) => `kontor:package-import:${accountId}`;
/** The guard's answer per scope, once asked: asked once per transaction, however many mutations it runs. */
const answers = new WeakMap<AccountScope, GuardAnswer>();
interface GuardAnswer {
  free: boolean;
  importing: boolean;
}

/**
 * The guard's question. It reads an account table, so on Citus it runs where the account's tables are (a worker),
 * and its shared lock is taken there, where `lockForPackageImport` takes the exclusive one.
 */
const guardSql = (accountId: string) =>
  `select pg_try_advisory_xact_lock_shared(hashtext(${quoteLiteral(lockName(accountId))})) as free, exists (select 1 from account_package_import where status in ('QUEUED', 'RUNNING')) as importing`;

/**
 * Lets the guard's question travel in front of the transaction's first statement (`@InAccount` sends its mutation's
 * savepoint first), so that it costs no round trip of its own; `assertNoPackageImport` then reads its answer. Does
 * nothing when the transaction has begun already: `assertNoPackageImport` asks on its own then.
 */
export function askWithFirstStatement(scope: AccountScope): void {
  if (answers.has(scope)) return;
  scope.withFirstStatement(guardSql(scope.accountId), ([row]) => answers.set(scope, row as unknown as GuardAnswer));
}

export async function assertNoPackageImport(scope: AccountScope): Promise<void> {
  let answer = answers.get(scope);
  if (!answer) {
    [answer] = await scope.query<GuardAnswer>(guardSql(scope.accountId));
    answers.set(scope, answer!);
  }
  if (!answer!.free || answer!.importing) {
    answers.delete(scope); // a refusal is not kept: asked again, the guard asks the database again
    throw new KontorError(
      ErrorCode.PACKAGE_IMPORT_RUNNING,
      'A package is being brought into this account: records can be added and changed once it is in (or has failed).',
    );
  }
}

/**
 * Taken by the package's job, in its transaction, before it checks that the
 * account is empty (see above). Through the import's own row, queued or
 * running: on Citus a statement runs where the account's tables are (a
 * worker) only when it reads one of them, and the guard's shared lock is
 * taken there; a bare `select pg_advisory_xact_lock(…)` would lock on the
 * coordinator and exclude nothing.
 */
export async function lockForPackageImport(scope: AccountScope): Promise<void> {
  const rows = await scope.query(`select pg_advisory_xact_lock(hashtext(?))::text as taken from account_package_import where status in ('QUEUED', 'RUNNING') limit 1`, [lockName(scope.accountId)]);
  if (rows.length === 0) throw new Error('a package import was to be locked, but none is queued or running in this account');
}
