import { quoteLiteral } from './sql.js';

/**
 * The caller check (`kontor_check_caller`, request/caller-check.ts) as SQL, in
 * two equivalent forms: a plain `SELECT`, which PostgreSQL parses and plans
 * each time, and `EXECUTE` of a statement each pooled connection prepared
 * once when it connected (deferred-begin.ts), which is neither parsed nor
 * planned again. Both call the same function with the same arguments, so both
 * are exactly as strong. The check travels in simple-protocol query strings
 * with other statements, so it is prepared with SQL's PREPARE (not pg's
 * named statements of the extended protocol, which carry one statement).
 */
export const callerCheckPreparation = 'PREPARE kontor_check_caller_plan(uuid, uuid, uuid) AS SELECT * FROM kontor_check_caller($1, $2, $3)';

export interface CallerCheckSql {
  /** For any connection. */
  plain: string;
  /** For a connection that has run `callerCheckPreparation`. */
  prepared: string;
}

export function callerCheckSql(sessionId: string, userId: string, accountId: string | undefined): CallerCheckSql {
  const session = quoteLiteral(sessionId);
  const user = quoteLiteral(userId);
  const account = accountId === undefined ? 'NULL' : quoteLiteral(accountId);
  return {
    plain: `SELECT * FROM kontor_check_caller(${session}::uuid, ${user}::uuid, ${account === 'NULL' ? account : `${account}::uuid`})`,
    prepared: `EXECUTE kontor_check_caller_plan(${session}, ${user}, ${account})`,
  };
}
