import { ErrorCode, KontorError } from '../errors/errors.js';

/** What a client should wait before trying again when the database is busy or away. */
export const retryAfterSeconds = 2;

const messages = {
  busy: 'The server is busy. Please try again in a moment.',
  down: 'The database cannot be reached right now. Please try again in a moment.',
  slow: 'The database took too long to answer. Please try again in a moment.',
  collided: 'This change collided with another one made at the same moment and was not saved. Please try again.',
} as const;

/** Socket errors of a connection that could not be made or was cut off. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATEs of a server going away or not yet taking connections (class 08, and 57P01-57P03: shutdown, crash, starting up). */
const unavailableStates = /^(08...|57P0[1-3])$/;
/** pg's own messages for a connection it lost (at the end: knex puts the statement in front), or for a pool that could not hand one out in time. */
const lostConnection = /(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$/;
/**
 * SQLSTATEs of a transaction PostgreSQL rolled back because it collided with
 * another (40P01 deadlock, 40001 serialization failure): nothing of it was
 * kept, and the same request sent again will most likely succeed.
 */
const collisionStates = new Set(['40P01', '40001']);
const poolTimeout = /^(timeout exceeded when trying to connect|(Knex: )?Timeout acquiring a connection)/;

/**
 * Whether an error means the database is busy (no pooled connection free in
 * time), down (refused, cut off, restarting) or slow (a statement ran into
 * `statement_timeout`) or rolled the transaction back because it collided
 * with another; undefined for any other error. Looks through the
 * ORM's and GraphQL's wrapping of driver errors.
 */
export function unavailability(error: unknown): keyof typeof messages | undefined {
  type Wrapped = { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown } | undefined;
  for (let current = error as Wrapped, depth = 0; current && depth < 5; current = (current.originalError ?? current.cause) as Wrapped, depth++) {
    const code = typeof current.code === 'string' ? current.code : '';
    const message = typeof current.message === 'string' ? current.message : '';
    if (current.name === 'KnexTimeoutError' || poolTimeout.test(message)) return 'busy';
    if (code === '57014' && /statement timeout/.test(message)) return 'slow';
    if (collisionStates.has(code)) return 'collided';
    if (socketCodes.has(code) || unavailableStates.test(code) || lostConnection.test(message)) return 'down';
  }
  return undefined;
}

/**
 * SERVICE_UNAVAILABLE (HTTP 503 with Retry-After) for an error that means the
 * database is busy, down, slow or rolled back a colliding transaction: each
 * tells the client to send the same request again; undefined otherwise.
 */
export function databaseUnavailable(error: unknown): KontorError | undefined {
  if (error instanceof KontorError && error.extensions.code === ErrorCode.SERVICE_UNAVAILABLE) return error;
  const kind = unavailability(error);
  return kind && new KontorError(ErrorCode.SERVICE_UNAVAILABLE, messages[kind], { retryAfterSeconds });
}
