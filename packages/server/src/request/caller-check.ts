import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../accounts/roles.js';
import type { Orm } from '../db/orm.js';
import { checkFailureCode } from '../db/deferred-begin.js';
import { callerCheckSql, type CallerCheckSql } from '../db/caller-check-sql.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import type { AccessClaims } from '../auth/access-token.js';

/** What the check found out about a token scoped to an account, once it passed. */
export interface MembershipFacts {
  membershipId: string;
  role: Role;
  accountName: string;
  slug: string;
  planCode: string;
}

/** Why a token's account is out of reach: the error code and message its requests get. */
export interface ScopeRefusal {
  code: ErrorCode;
  message: string;
}

export type CheckOutcome =
  | { kind: 'sessionEnded' }
  /** The session is live; for a scoped token, `membership` is the facts or why the account is out of reach. */
  | { kind: 'live'; membership: MembershipFacts | { denied: ScopeRefusal } | undefined };

export const sessionEnded = 'Your session has ended. Please log in again.';
export const twoFactorRequiredMessage =
  'This account requires two-factor authentication: turn it on for your login (startTwoFactorSetup, confirmTwoFactorSetup), then open the account again.';
const refusals: Record<string, ScopeRefusal> = {
  KN404: { code: ErrorCode.FORBIDDEN, message: 'You are no longer a member of this account.' },
  KN403: { code: ErrorCode.FORBIDDEN, message: 'Your access to this account has been deactivated.' },
  KN428: { code: ErrorCode.TWO_FACTOR_REQUIRED, message: twoFactorRequiredMessage },
};

/**
 * The database half of authentication: a token's signature is not enough, the
 * session must be live and, for a scoped token, the membership active, so that
 * logout and deactivation take effect on the very next request.
 *
 * The check (`kontor_check_caller`, a database function that raises) is
 * either sent in front of the account's first statement, costing no round
 * trip of its own (`statement()`, then `settle()`), or run on its own when an
 * answer is needed before that (`outcome()`). Whichever answers first decides.
 */
export class CallerCheck {
  private settled: CheckOutcome | undefined;
  private standalone: Promise<CheckOutcome> | undefined;

  constructor(
    private readonly orm: Orm,
    readonly claims: AccessClaims,
    private readonly logger: Logger,
  ) {}

  /**
   * The check as SQL, for the front of a query string, plain and as the
   * prepared statement's EXECUTE (db/caller-check-sql.ts); it raises (SQLSTATE
   * class KN) when the caller may not go on.
   */
  statement(): CallerCheckSql {
    const { sessionId, userId, accountId } = this.claims;
    return callerCheckSql(sessionId, userId, accountId);
  }

  /** Takes the answer of `statement()`: its rows, or the error it raised. */
  settle(error: Error | null, rows: Record<string, unknown>[] = []): CheckOutcome {
    if (this.settled) return this.settled;
    this.settled = outcomeOf(error, rows);
    const membership = this.settled.kind === 'live' ? this.settled.membership : undefined;
    if (membership && 'membershipId' in membership && rows[0]?.last_active_stale) this.recordActivity(membership.membershipId);
    return this.settled;
  }

  /** The outcome, asking the database on its own if no statement has carried the check yet. */
  async outcome(): Promise<CheckOutcome> {
    if (this.settled) return this.settled;
    this.standalone ??= this.orm.em
      .fork()
      .getConnection()
      .execute<Record<string, unknown>[]>(this.statement().plain)
      .then(
        (rows) => this.settle(null, rows),
        (error: unknown) => {
          if (checkFailureCode(error) === undefined) throw error;
          return this.settle(error as Error);
        },
      );
    return this.standalone;
  }

  /**
   * Runs `reads` (read statements with their values inlined) in the check's
   * own round trip when it has not answered yet, and answers their rows once
   * the session is known live, as `assertSessionLive` would (UNAUTHENTICATED
   * for an ended session): a signed-in operation that starts by reading saves
   * the check's round trip. Reads only: a refused check stops the statements
   * after it, but a read that ran lets nothing out unless the check passed.
   * When the check refuses the token's account (the session is live, the
   * statements after it did not run), the reads run on their own.
   */
  async sessionLiveWith(em: EntityManager, reads: string[]): Promise<Record<string, unknown>[][]> {
    const connection = em.getConnection();
    if (!this.settled && !this.standalone) {
      let results: Record<string, unknown>[][] | undefined;
      let failure: unknown;
      try {
        results = await connection.execute<Record<string, unknown>[][]>([this.statement().plain, ...reads].join(';\n'));
      } catch (error) {
        if (checkFailureCode(error) === undefined) throw error;
        failure = error;
      }
      this.settle(failure ? (failure as Error) : null, results?.[0]);
      await this.assertSessionLive();
      if (results) return results.slice(1);
    }
    await this.assertSessionLive();
    const alone = await connection.execute<Record<string, unknown>[] | Record<string, unknown>[][]>(reads.join(';\n'));
    return reads.length === 1 ? [alone as Record<string, unknown>[]] : (alone as Record<string, unknown>[][]);
  }

  /** Whether the check has passed already (for a scoped token: with an active membership). */
  hasPassed(): boolean {
    const membership = this.settled?.kind === 'live' ? this.settled.membership : undefined;
    return this.settled?.kind === 'live' && (this.claims.accountId === undefined || (membership !== undefined && 'membershipId' in membership));
  }

  /** Throws UNAUTHENTICATED unless the session is live. */
  async assertSessionLive(): Promise<void> {
    if ((await this.outcome()).kind === 'sessionEnded') throw new KontorError(ErrorCode.UNAUTHENTICATED, sessionEnded);
  }

  /** The membership facts of the token's account; throws UNAUTHENTICATED, FORBIDDEN or TWO_FACTOR_REQUIRED as the check decides. */
  async membership(): Promise<MembershipFacts> {
    const outcome = await this.outcome();
    if (outcome.kind === 'sessionEnded') throw new KontorError(ErrorCode.UNAUTHENTICATED, sessionEnded);
    if (!outcome.membership) throw new Error('membership() needs a token scoped to an account');
    if ('denied' in outcome.membership) throw new KontorError(outcome.membership.denied.code, outcome.membership.denied.message);
    return outcome.membership;
  }

  /** "Last active" is shown to owners; minutes of precision are plenty, so it is written at most every 5 minutes. */
  private recordActivity(membershipId: string): void {
    this.orm.em
      .fork()
      .getConnection()
      .execute('update membership set last_active_at = now() where id = ?', [membershipId])
      .catch((error: unknown) => this.logger.warn('could not record last activity', { error }));
  }
}

function outcomeOf(error: Error | null, rows: Record<string, unknown>[]): CheckOutcome {
  if (error) {
    const code = checkFailureCode(error);
    if (code === 'KN401') return { kind: 'sessionEnded' };
    return { kind: 'live', membership: { denied: refusals[code!] ?? refusals.KN404! } };
  }
  const [row] = rows;
  if (!row) return { kind: 'live', membership: undefined };
  return {
    kind: 'live',
    membership: {
      membershipId: row.membership_id as string,
      role: row.role as Role,
      accountName: row.account_name as string,
      slug: row.slug as string,
      planCode: row.plan_code as string,
    },
  };
}
