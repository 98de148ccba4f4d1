import { randomBytes } from 'node:crypto';
import { quoteIdent } from '../db/sql.js';
import type { AccountScope } from '../request/account-scope.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import type { CustomColumnType } from './custom-field-kinds.js';

/**
 * The columns of custom fields, and why they change outside the request's
 * transaction (README, "Custom fields").
 *
 * A column is added or dropped by the account's `kontor_custom_column`
 * (AccountMigration0050CustomFields), which runs as the tables' owner, while
 * the definitions (`custom_field`) are written by the account's role. Citus
 * refuses a transaction in which two roles touch one account's tables, so
 * each column change commits in a transaction of its own
 * (`AccountScope.apart`), and the request's transaction changes the
 * definitions only.
 *
 * The definitions are the truth: a column no definition names is unused,
 * invisible, and dropped. A new column is added before its definition is
 * written; a column a request stops using (a deleted field, a field's old
 * column after a type change) is dropped after the request's transaction.
 * After the request's transaction ends, committed or not, every column it
 * added or stopped using is dropped unless a definition names it: a request
 * that fails leaves nothing behind, one that succeeds leaves only what its
 * definitions name. What a crash left between the two is dropped by the
 * next change of the account's definitions (`dropUnusedColumns`), under the
 * definitions' lock, so never while another request is adding a column.
 */

/** Adds an empty column (with its indexes) to the record table, committed at once; dropped again unless the request's definitions name it. */
export async function addCustomColumn(work: UnitOfWork, table: string, column: string, type: CustomColumnType): Promise<void> {
  dropUnlessNamedAfterwards(work, table, column);
  await work.scope.apart((scope) => alterColumn(scope, 'add', table, column, type));
}

/** After the request's transaction: drops the column unless a definition names it then. */
export function dropUnlessNamedAfterwards(work: UnitOfWork, table: string, column: string): void {
  const { scope } = work;
  scope.afterFinish(async () => {
    try {
      const [named] = await scope.apart((own) => own.query('select 1 from custom_field where column_name = ?', [column]));
      if (!named) await dropColumn(scope, table, column);
    } catch {
      // The column stays unused until the next change of this account's definitions drops it (dropUnusedColumns).
    }
  });
}

/**
 * Drops every custom column of the record tables that no definition names
 * (left by a process that stopped between a column change and its request's
 * end). Call in the request's transaction after `lock table custom_field`.
 */
export async function dropUnusedColumns(work: UnitOfWork): Promise<void> {
  // Two queries: Citus does not join its catalog with an account's (distributed) table.
  const present = await work.scope.query<{ table: string; column: string }>(
    `select c.relname as table, a.attname as column from pg_attribute a join pg_class c on c.oid = a.attrelid
     where c.relnamespace = current_schema()::regnamespace and c.relname in ('person', 'company', 'deal') and c.relkind in ('r', 'p')
       and a.attnum > 0 and not a.attisdropped and a.attname ~ '^cf_[0-9a-f]{12}$'`,
  );
  if (present.length === 0) return;
  const named = new Set((await work.scope.query<{ column: string }>('select column_name as column from custom_field')).map((row) => row.column));
  for (const { table, column } of present) if (!named.has(column)) await dropColumn(work.scope, table, column);
}

/** A column name no field has used: `cf_` and 12 hex digits. */
export function newColumnName(): string {
  return `cf_${randomBytes(6).toString('hex')}`;
}

/**
 * The SQL that turns a value of `from` (the column `column` of alias `t`)
 * into one of `to`, for values the service has checked convert: a single
 * choice becomes a one-element array, a multiple one its first element, the
 * rest casts through text.
 */
export function conversion(column: string, from: CustomColumnType, to: CustomColumnType): string {
  const value = `t.${quoteIdent(column)}`;
  if (from === 'uuid' && to === 'uuid[]') return `array[${value}]`;
  if (from === 'uuid[]' && to === 'uuid') return `${value}[1]`;
  return `nullif(btrim(${value}::text), '')::${to}`;
}

async function dropColumn(scope: AccountScope, table: string, column: string): Promise<void> {
  await scope.apart(async (own) => {
    const [present] = await own.query('select 1 from pg_attribute where attrelid = ?::regclass and attname = ? and not attisdropped', [table, column]);
    if (present) await alterColumn(own, 'drop', table, column, null);
  });
}

/** The account's one door to DDL: its role may not alter tables itself. Waits at most 10 s for a request that holds the table. */
async function alterColumn(scope: AccountScope, action: 'add' | 'drop', table: string, column: string, type: CustomColumnType | null): Promise<void> {
  await scope.query(`set local lock_timeout = '10s'`);
  await scope.query('select kontor_custom_column(?, ?, ?, ?)', [action, table, column, type]);
}
