import { GraphQLError } from 'graphql';

/**
 * The stable error codes a client may see in `extensions.code`. Anything a
 * user can cause is one of these, with a readable message; anything else is
 * a bug and reaches the client only as INTERNAL_SERVER_ERROR.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  PLAN_LIMIT_REACHED: 'PLAN_LIMIT_REACHED',
  RATE_LIMITED: 'RATE_LIMITED',
  /** The mail server did not take an e-mail the change depends on (an invitation's link): the change is not made. */
  MAIL_NOT_SENT: 'MAIL_NOT_SENT',
  /** The operation is over a limit on its shape (depth, aliases, tokens, cost; graphql/query-limits.ts): refused before it runs. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The signed-in user has not proved their e-mail address yet (resendVerificationEmail sends a link). */
  EMAIL_NOT_VERIFIED: 'EMAIL_NOT_VERIFIED',
  /** A verification link that was never issued, or was replaced by a newer one (or the address has changed since). */
  VERIFICATION_LINK_INVALID: 'VERIFICATION_LINK_INVALID',
  /** A verification link that has been used already: each works once. */
  VERIFICATION_LINK_USED: 'VERIFICATION_LINK_USED',
  /** A verification link past its lifetime (48 hours). */
  VERIFICATION_LINK_EXPIRED: 'VERIFICATION_LINK_EXPIRED',
  /** A password reset link that was never issued, was replaced by a newer one, or was sent to an address the login no longer has. */
  RESET_LINK_INVALID: 'RESET_LINK_INVALID',
  /** A password reset link that has been used already: each works once. */
  RESET_LINK_USED: 'RESET_LINK_USED',
  /** A password reset link past its lifetime (1 hour). */
  RESET_LINK_EXPIRED: 'RESET_LINK_EXPIRED',
  /** logIn (or a change of the login's security) needs the code of the second factor: send it along (twoFactorCode). */
  TWO_FACTOR_CODE_REQUIRED: 'TWO_FACTOR_CODE_REQUIRED',
  /** A wrong, expired or already used code of the second factor (TOTP or recovery code). */
  INVALID_CODE: 'INVALID_CODE',
  /**
   * The account requires a second factor of its members (Account.twoFactorRequired) and this login has none:
   * set it up (startTwoFactorSetup, confirmTwoFactorSetup), then open the account again. Other accounts are not affected.
   */
  TWO_FACTOR_REQUIRED: 'TWO_FACTOR_REQUIRED',
  /** mergeLogin with the address of the login that is signed in: there is nothing to merge. */
  SAME_LOGIN: 'SAME_LOGIN',
  /** A merge link (requestLoginMergeLink) that was never issued, was replaced by a newer one, or whose login was retired or changed its address since. */
  MERGE_LINK_INVALID: 'MERGE_LINK_INVALID',
  /** A merge link that has been used already: each works once. */
  MERGE_LINK_USED: 'MERGE_LINK_USED',
  /** A merge link past its lifetime (1 hour). */
  MERGE_LINK_EXPIRED: 'MERGE_LINK_EXPIRED',
  /** A merge link opened by a login other than the one that asked for it: log in as that login, then open the link again. Nothing was changed. */
  MERGE_LINK_OTHER_LOGIN: 'MERGE_LINK_OTHER_LOGIN',
  /** A passkey's answer that does not verify: unknown or removed passkey, an expired or used challenge, another site. Nothing was changed. */
  INVALID_PASSKEY: 'INVALID_PASSKEY',
  /** The user owns as many accounts as one may (KONTOR_ACCOUNTS_PER_USER, in `extensions.limit`). */
  ACCOUNT_LIMIT_REACHED: 'ACCOUNT_LIMIT_REACHED',
  /**
   * The database is busy (no connection free in time), unreachable, or took
   * longer than the statement timeout: nothing was changed, try again after
   * `extensions.retryAfterSeconds` (HTTP 503 with Retry-After).
   */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The HTTP request body is over the limit: answered with status 413 before any of it is parsed (http/read-body.ts). */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  /** A record type has as many custom fields as it may (`extensions.limit`, 100). */
  CUSTOM_FIELD_LIMIT_REACHED: 'CUSTOM_FIELD_LIMIT_REACHED',
  /** Another custom field of the record type has this name (case aside). */
  CUSTOM_FIELD_NAME_TAKEN: 'CUSTOM_FIELD_NAME_TAKEN',
  /** A custom field's new type was refused: `extensions.count` stored values would not convert. */
  CUSTOM_FIELD_TYPE_NOT_CONVERTIBLE: 'CUSTOM_FIELD_TYPE_NOT_CONVERTIBLE',
  /** A package can only be brought into an account without records (`extensions.records`: how many it holds); nothing was changed. */
  ACCOUNT_NOT_EMPTY: 'ACCOUNT_NOT_EMPTY',
  /**
   * A package is being brought into this account (queued or running): until it is in, or has failed, nothing else may
   * add or change records there, nor bring in a second package, so nothing mixes with it. Nothing was changed.
   */
  PACKAGE_IMPORT_RUNNING: 'PACKAGE_IMPORT_RUNNING',
  /** A single-use download link (an account package's) that was opened already: ask for a fresh one. */
  DOWNLOAD_LINK_USED: 'DOWNLOAD_LINK_USED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes Apollo Server itself sets for malformed requests; they are safe to pass on. */
const apolloRequestCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export class KontorError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'KontorError';
  }
}

export const badUserInput = (field: string, message: string) =>
  new KontorError(ErrorCode.BAD_USER_INPUT, message, { field });

export function isClientSafe(code: unknown): boolean {
  return typeof code === 'string' && (code in ErrorCode || apolloRequestCodes.has(code));
}
